import * as z from 'zod/mini';
import './schema-messages.js';
import { parseOffsetTimestamp } from './timestamps.js';

/*
 * The asset library's half of the contract: what a person sends to add an asset through the
 * front door (`POST /brands/{brandId}/assets`) and the CLI (`brandflow assets add`).
 */

/** The largest file an asset may be: the largest video any supported platform takes in one post (X: 512 MB). */
export const MAX_ASSET_BYTES = 512 * 1024 * 1024;
/** The longest alternative text kept: Mastodon's 1,500 characters; a platform's own limit is checked on top. */
export const MAX_ALT_TEXT_LENGTH = 1500;
/** How long a presigned upload URL stays valid. */
export const UPLOAD_URL_SECONDS = 15 * 60;

/** A BCP 47 language tag, as alternative text is keyed: `en`, `fr-CA`, `zh-Hans`. */
export const languageTagPattern = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

const timestamp = () =>
  z.string().check(
    z.refine((value) => 'ms' in parseOffsetTimestamp(value), {
      message: 'must be an RFC 3339 date-time with an offset, e.g. 2030-05-01T09:00:00+02:00',
      params: { rule: 'rfc3339' },
    }),
  );

/** Who may use an asset and how: a record of the licence, never enforced beyond the dates. */
export const assetRightsSchema = z.strictObject({
  holder: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  license: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  notes: z.optional(z.string().check(z.maxLength(2000))),
});

/** Alternative text per language, what screen readers say in place of the image. */
export const altTextSchema = z.record(
  z.string().check(z.regex(languageTagPattern, 'language tags are BCP 47, e.g. en or fr-CA')),
  z.string().check(z.minLength(1), z.maxLength(MAX_ALT_TEXT_LENGTH)),
);

/** `POST /brands/{brandId}/assets`: an asset announced, before its bytes are uploaded. */
export const newAssetSchema = z.strictObject({
  /** Chosen by the caller to make a repeated request safe; a new id is drawn when absent. */
  assetId: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ -')),
  ),
  /** The size of the file that will be uploaded; the upload URL takes exactly this many bytes. */
  bytes: z.number().check(z.int(), z.gte(1), z.lte(MAX_ASSET_BYTES)),
  /** Kept for people; the type is read from the bytes, never from this name. */
  fileName: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
  alt: z._default(altTextSchema, {}),
  rights: z.optional(assetRightsSchema),
  /** Embargo: the asset may not be published before this time. */
  notBefore: z.optional(timestamp()),
  /** Expiry: the asset may not be published after this time. */
  notAfter: z.optional(timestamp()),
});
export type NewAsset = z.infer<typeof newAssetSchema>;

/** A brand's asset library settings (the brand profile's `media`). */
export const mediaSettingsSchema = z.strictObject({
  /** Keep each upload as it came, personal metadata included, beside the stripped file. */
  keepOriginals: z._default(z.boolean(), false),
});
