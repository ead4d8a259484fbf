import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../api.js';
import { SaveOutcome, TableHead } from '../components.js';
import { useSession } from '../session.js';

const ROLES = ['brand-admin', 'editor', 'reviewer', 'viewer'] as const;
/** The parts of a profile the API keeps for itself: not for editing. */
const STORED_ONLY = ['version', 'updatedAt', 'updatedBy'];

function useSubmit() {
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [done, setDone] = useState(false);
  const run = async (call: () => Promise<unknown>) => {
    setProblem(undefined);
    setDone(false);
    try {
      await call();
      setDone(true);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem({ status: 0, detail: String(error) }));
    }
  };
  return { problem, done, run };
}

/** Brand admin: the profile (channels, review chain, policy, goals) and memberships, checked by the API. */
export function AdminPage() {
  const { t, brand, brandId, token, reloadBrand } = useSession();
  const editable = Object.fromEntries(
    Object.entries(brand?.profile ?? {}).filter(([key]) => !STORED_ONLY.includes(key)),
  );
  const [text, setText] = useState(JSON.stringify(editable, null, 2));
  const profileSave = useSubmit();
  const memberSave = useSubmit();
  const [memberId, setMemberId] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  if (!brand?.caller.actions.includes('UpdateProfile')) return <p>{t('notAdmin')}</p>;
  const saveProfile = () =>
    profileSave.run(async () => {
      let profile: unknown;
      try {
        profile = JSON.parse(text);
      } catch (error) {
        throw new ApiProblem({
          status: 400,
          detail: 'the profile is not JSON',
          errors: [{ field: 'profile', rule: 'json', message: String(error) }],
        });
      }
      await api(token, 'PUT', `/brands/${encodeURIComponent(brandId)}/profile`, { profile });
      reloadBrand();
    });
  const saveMember = () =>
    memberSave.run(async () => {
      await api(
        token,
        'PUT',
        `/brands/${encodeURIComponent(brandId)}/members/${encodeURIComponent(memberId)}`,
        {
          roles,
        },
      );
      reloadBrand();
    });
  return (
    <section aria-labelledby="admin-title">
      <h2 id="admin-title">{t('adminTitle')}</h2>
      <h3>
        <label for="profile-json">{t('profile')}</label>
      </h3>
      <textarea
        id="profile-json"
        class="profile"
        rows={20}
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <p>
        <button type="button" onClick={saveProfile}>
          {t('save')}
        </button>
      </p>
      <SaveOutcome save={profileSave} />
      <h3>{t('members')}</h3>
      <table>
        <TableHead columns={[t('memberId'), t('roles')]} />
        <tbody>
          {(brand.members ?? []).map((m) => (
            <tr key={m.memberId}>
              <td>{m.memberId}</td>
              <td>{m.roles.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset>
        <legend>{t('setRoles')}</legend>
        <label for="member-id">{t('memberId')}</label>
        <input
          id="member-id"
          type="text"
          value={memberId}
          onInput={(e) => setMemberId((e.target as HTMLInputElement).value.trim())}
        />
        {ROLES.map((role) => (
          <label key={role} class="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) =>
                setRoles(
                  (e.target as HTMLInputElement).checked ? [...roles, role] : roles.filter((r) => r !== role),
                )
              }
            />{' '}
            {role}
          </label>
        ))}
        <button type="button" onClick={saveMember}>
          {t('setRoles')}
        </button>
      </fieldset>
      <SaveOutcome save={memberSave} />
    </section>
  );
}
