import { type BestTime, defaultBestTimeThresholds, type Pace } from '../domain/analytics.js';
import type { ReportLanguage } from '../domain/brand.js';
import type { FeedbackCategory } from '../domain/feedback.js';
import type { Figure } from '../domain/kpis.js';
import type { ReportModel } from '../domain/report.js';

/** Every phrase a report prints, per language. */
export interface ReportMessages {
  title: (brand: string, period: string) => string;
  generated: (at: string, timeZone: string) => string;
  summary: string;
  engagementOverTime: string;
  perChannel: string;
  followerGrowth: string;
  goals: string;
  bestTime: string;
  insights: string;
  topPosts: string;
  bottomPosts: string;
  byCampaign: string;
  byContentType: string;
  byPromotion: string;
  kpi: {
    posts: string;
    impressions: string;
    reach: string;
    engagements: string;
    clicks: string;
    conversions: string;
    engagementRate: string;
    clickThroughRate: string;
    conversionRate: string;
  };
  variant: Record<ReportModel['engagementRateVariant'], string>;
  columns: {
    kpi: string;
    key: string;
    sample: string;
    actual: string;
    target: string;
    pace: string;
    post: string;
  };
  pace: Record<Pace, string>;
  notAvailable: Record<'not-provided' | 'zero-denominator' | 'no-data', string>;
  sampleOf: (n: number) => string;
  weekdays: string[];
  noPosts: string;
  goalNone: string;
  heatLegend: string;
  goalLegend: string;
  /** The best-time result of a channel as a sentence. */
  bestTimeText: (best: BestTime) => string;
  feedback: string;
  feedbackSpikes: string;
  feedbackColumns: {
    category: string;
    items: string;
    responded: string;
    firstResponseP50: string;
    firstResponseP90: string;
    withSla: string;
    breaches: string;
    unanswered: string;
    escalated: string;
    hour: string;
    urgent: string;
    baseline: string;
  };
  feedbackCategory: Record<FeedbackCategory | 'all', string>;
  noSpikes: string;
  /** A response time: `45 s`, `12 min`, `3 h 05 min`. */
  duration: (seconds: number) => string;
}

/** Seconds as hours and minutes, with the language's units. */
const durationIn =
  (units: { s: string; min: string; h: string }) =>
  (seconds: number): string => {
    if (seconds < 60) return `${Math.round(seconds)} ${units.s}`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `${minutes} ${units.min}`;
    return `${Math.floor(minutes / 60)} ${units.h} ${String(minutes % 60).padStart(2, '0')} ${units.min}`;
  };

const en: ReportMessages = {
  title: (brand, period) => `${brand}: analysis report ${period}`,
  generated: (at, timeZone) => `Generated ${at}. Days, weeks and hours in ${timeZone}.`,
  summary: 'Summary',
  engagementOverTime: 'Engagement over time',
  perChannel: 'Per channel',
  followerGrowth: 'Follower growth',
  goals: 'Goal attainment',
  bestTime: 'Best time to post',
  insights: 'Content insights',
  topPosts: 'Top posts',
  bottomPosts: 'Bottom posts',
  byCampaign: 'By campaign',
  byContentType: 'By content type',
  byPromotion: 'By promotion type',
  kpi: {
    posts: 'Posts',
    impressions: 'Impressions',
    reach: 'Reach',
    engagements: 'Engagements',
    clicks: 'Clicks',
    conversions: 'Conversions',
    engagementRate: 'Engagement rate',
    clickThroughRate: 'Click-through rate',
    conversionRate: 'Conversion rate',
  },
  variant: {
    byImpressions: 'engagements / impressions',
    byReach: 'engagements / reach',
    byFollowers: 'engagements / followers at post time',
  },
  columns: {
    kpi: 'KPI',
    key: 'Group',
    sample: 'Sample',
    actual: 'Actual',
    target: 'Target',
    pace: 'Pace',
    post: 'Post',
  },
  pace: { ahead: 'ahead', 'on-track': 'on track', behind: 'behind', 'not-measurable': 'not measurable' },
  notAvailable: {
    'not-provided': 'not available (not provided)',
    'zero-denominator': 'not available (zero denominator)',
    'no-data': 'not available (no data)',
  },
  sampleOf: (n) => `n = ${n}`,
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  noPosts: 'No post was published in this period.',
  goalNone: 'The brand profile sets no goals.',
  heatLegend: 'Darker: higher score. The number is the posts behind the slot; the framed slot is the best.',
  goalLegend: 'Bar: actual against target (solid line). Dashed line: where the goal should be by now.',
  bestTimeText: (best) => best.statement,
  feedback: 'Feedback',
  feedbackSpikes: 'Feedback spikes',
  feedbackColumns: {
    category: 'Category',
    items: 'Items',
    responded: 'Responded',
    firstResponseP50: 'First response p50',
    firstResponseP90: 'First response p90',
    withSla: 'With SLA',
    breaches: 'SLA breaches',
    unanswered: 'Still unanswered',
    escalated: 'Escalated',
    hour: 'Hour',
    urgent: 'Complaints and crisis risks',
    baseline: 'Baseline per hour',
  },
  feedbackCategory: {
    all: 'All',
    crisis_risk: 'Crisis risk',
    complaint: 'Complaint',
    question: 'Question',
    praise: 'Praise',
    spam: 'Spam',
    other: 'Other',
  },
  noSpikes: 'No feedback spike was detected in this period.',
  duration: durationIn({ s: 's', min: 'min', h: 'h' }),
};

const zhCN: ReportMessages = {
  title: (brand, period) => `${brand}：分析报告 ${period}`,
  generated: (at, timeZone) => `生成于 ${at}。日期、周与小时按 ${timeZone} 时区计算。`,
  summary: '概览',
  engagementOverTime: '互动趋势',
  perChannel: '各渠道',
  followerGrowth: '粉丝增长',
  goals: '目标达成',
  bestTime: '最佳发布时间',
  insights: '内容洞察',
  topPosts: '表现最佳的帖子',
  bottomPosts: '表现最差的帖子',
  byCampaign: '按活动',
  byContentType: '按内容类型',
  byPromotion: '按推广类型',
  kpi: {
    posts: '帖子数',
    impressions: '曝光量',
    reach: '覆盖人数',
    engagements: '互动数',
    clicks: '点击数',
    conversions: '转化数',
    engagementRate: '互动率',
    clickThroughRate: '点击率',
    conversionRate: '转化率',
  },
  variant: {
    byImpressions: '互动数 / 曝光量',
    byReach: '互动数 / 覆盖人数',
    byFollowers: '互动数 / 发布时粉丝数',
  },
  columns: {
    kpi: '指标',
    key: '分组',
    sample: '样本',
    actual: '实际',
    target: '目标',
    pace: '进度',
    post: '帖子',
  },
  pace: { ahead: '超前', 'on-track': '正常', behind: '落后', 'not-measurable': '无法衡量' },
  notAvailable: {
    'not-provided': '不可用（平台未提供）',
    'zero-denominator': '不可用（分母为零）',
    'no-data': '不可用（无数据）',
  },
  sampleOf: (n) => `样本 ${n}`,
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  noPosts: '本期没有发布任何帖子。',
  goalNone: '品牌资料未设定目标。',
  heatLegend: '颜色越深得分越高；数字为该时段的帖子数；加框的时段为最佳时段。',
  goalLegend: '色条：实际值与目标（实线）对比。虚线：按当前进度应达到的位置。',
  bestTimeText: (best) => {
    if (!best.best) {
      return best.posts < defaultBestTimeThresholds.minPosts
        ? `${best.channel}：数据不足，仅有 ${best.posts} 篇已发布帖子，至少需要 ${defaultBestTimeThresholds.minPosts} 篇`
        : `${best.channel}：数据不足，尚无任何时段达到 ${defaultBestTimeThresholds.minPostsPerSlot} 篇帖子`;
    }
    const hour = String(best.best.hour).padStart(2, '0');
    const score =
      best.best.score.value === null
        ? ''
        : best.scoredBy === 'engagementsPerPost'
          ? `平均每帖互动 ${best.best.score.value.toFixed(1)}`
          : `互动率 ${(best.best.score.value * 100).toFixed(2)}%`;
    return `${best.channel}：最佳时段 ${zhCN.weekdays[best.best.weekday - 1]} ${hour}:00（${best.timeZone}），${score}，基于 ${best.best.posts} 篇帖子`;
  },
  feedback: '用户反馈',
  feedbackSpikes: '反馈激增',
  feedbackColumns: {
    category: '类别',
    items: '条数',
    responded: '已回复',
    firstResponseP50: '首次回复 p50',
    firstResponseP90: '首次回复 p90',
    withSla: '有时限',
    breaches: '超时',
    unanswered: '仍未回复',
    escalated: '已升级',
    hour: '时段',
    urgent: '投诉与危机风险',
    baseline: '每小时基线',
  },
  feedbackCategory: {
    all: '全部',
    crisis_risk: '危机风险',
    complaint: '投诉',
    question: '提问',
    praise: '表扬',
    spam: '垃圾信息',
    other: '其他',
  },
  noSpikes: '本期未检测到反馈激增。',
  duration: durationIn({ s: '秒', min: '分钟', h: '小时' }),
};

/** The phrases of a report language. */
export const reportMessages: Record<ReportLanguage, ReportMessages> = { en, 'zh-CN': zhCN };

/** Whether a KPI is a ratio, printed as a percentage. */
export type FigureKind = 'count' | 'rate';

/**
 * A figure as a report prints it: a count with separators, a rate as a percentage, or why
 * there is none.
 *
 * @example
 * ```ts
 * formatFigure({ value: 0.0523, sample: 4 }, 'rate', reportMessages.en); // '5.23%'
 * ```
 */
export function formatFigure(figure: Figure, kind: FigureKind, messages: ReportMessages): string {
  if (figure.value === null) return messages.notAvailable[figure.reason];
  return kind === 'rate'
    ? `${(figure.value * 100).toFixed(2)}%`
    : Math.round(figure.value).toLocaleString('en-US');
}
