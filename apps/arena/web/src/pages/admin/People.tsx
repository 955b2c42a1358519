/** Teams and participants: add a team, import participants from CSV (credentials downloadable once), remove one. */
import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  client,
  toApiError,
  unwrap,
  type CreatedParticipant,
  type Participant,
  type Team,
} from '../../api/client';
import { Button, ErrorNotice, Notice, Panel, TextArea, TextField } from '../../ui';
import { download, type SectionProps } from './AdminRoutes';

const CSV_HELP =
  'Header: login,displayName,team[,password]. Teams are created when missing; passwords are generated when empty.';

/** The generated credentials as CSV (login,password,displayName,team). */
function credentialsCsv(created: CreatedParticipant[], teams: Team[]): string {
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = created.map((p) =>
    [p.login, p.password, p.displayName, p.teamId === null ? '' : (teamName.get(p.teamId) ?? '')]
      .map(quote)
      .join(','),
  );
  return ['login,password,displayName,team', ...rows].join('\n') + '\n';
}

export function PeoplePage({ competition }: SectionProps) {
  const competitionId = competition.id;
  const path = { competitionId };
  const [teams, setTeams] = useState<Team[]>([]);
  const [people, setPeople] = useState<Participant[]>([]);
  const [teamName, setTeamName] = useState('');
  const [csv, setCsv] = useState('login,displayName,team\n');
  const [created, setCreated] = useState<CreatedParticipant[] | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    Promise.all([
      unwrap(
        client.GET('/api/admin/competitions/{competitionId}/teams', { params: { path: { competitionId } } }),
      ),
      unwrap(
        client.GET('/api/admin/competitions/{competitionId}/participants', {
          params: { path: { competitionId } },
        }),
      ),
    ]).then(([t, p]) => {
      setTeams(t);
      setPeople(p);
    }, setError);
  }, [competitionId, version]);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    }
    reload();
  };

  const addTeam = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await unwrap(
        client.POST('/api/admin/competitions/{competitionId}/teams', {
          params: { path },
          body: { name: teamName },
        }),
      );
      setTeamName('');
    });
  };

  const importThroughClient = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const result = await client.POST('/api/admin/competitions/{competitionId}/participants/bulk', {
        params: { path },
        body: csv,
        bodySerializer: (body) => body as string,
        headers: { 'content-type': 'text/csv' },
      });
      if (!result.response.ok || !result.data) throw toApiError(result.response, result.error);
      setCreated(result.data);
      setDownloaded(false);
      setCsv('login,displayName,team\n');
    });
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setCsv(await file.text());
  };

  const teamOf = new Map(teams.map((t) => [t.id, t.name]));

  return (
    <div className="page">
      <h1>Teams and participants</h1>
      <ErrorNotice error={error} />
      {created && (
        <Notice
          tone="warn"
          title={`${created.length} participants registered: download their credentials now`}
        >
          <p>The passwords are shown only this once and are not stored in readable form.</p>
          <div className="actions">
            <Button
              onClick={() => {
                download(`competition-${competitionId}-credentials.csv`, credentialsCsv(created, teams));
                setDownloaded(true);
              }}
            >
              Download credentials (CSV)
            </Button>
            <Button variant="secondary" onClick={() => setCreated(null)}>
              {downloaded ? 'Done' : 'Discard without downloading'}
            </Button>
          </div>
        </Notice>
      )}
      <div className="columns">
        <Panel title="Teams">
          {competition.mode === 'team' ? (
            <form className="actions" style={{ alignItems: 'end', marginBottom: 12 }} onSubmit={addTeam}>
              <TextField
                label="Team name"
                required
                value={teamName}
                onChange={(e) => setTeamName(e.target.value)}
              />
              <Button type="submit">Add team</Button>
            </form>
          ) : (
            <p className="muted">Individual competition: every participant plays alone.</p>
          )}
          <ul className="feed" data-testid="teams">
            {teams.map((t) => (
              <li key={t.id}>
                <strong>{t.name}</strong>{' '}
                <span className="muted">
                  {t.members
                    .filter((m) => !m.removed)
                    .map((m) => m.login)
                    .join(', ') || 'no members yet'}
                </span>
              </li>
            ))}
          </ul>
        </Panel>
        <Panel title="Import participants (CSV)">
          <form className="form" onSubmit={importThroughClient}>
            <TextArea
              label="CSV"
              hint={CSV_HELP}
              rows={6}
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
            />
            <div className="field">
              <label htmlFor="csv-file">…or choose a CSV file</label>
              <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e)} />
            </div>
            <div className="actions">
              <Button type="submit">Import participants</Button>
            </div>
          </form>
        </Panel>
      </div>
      <Panel title="Participants">
        <div className="table-wrap">
          <table className="table" data-testid="participants">
            <thead>
              <tr>
                <th scope="col">Login</th>
                <th scope="col">Name</th>
                <th scope="col">Team</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id}>
                  <td>{p.login}</td>
                  <td>{p.displayName}</td>
                  <td>{p.teamId === null ? '—' : teamOf.get(p.teamId)}</td>
                  <td>{p.removed ? 'removed' : 'active'}</td>
                  <td>
                    {!p.removed && (
                      <Button
                        variant="secondary"
                        small
                        aria-label={`Remove ${p.login}`}
                        onClick={() =>
                          window.confirm(`Remove ${p.login}? Their sessions end at once.`) &&
                          void act(() =>
                            unwrap(
                              client.DELETE(
                                '/api/admin/competitions/{competitionId}/participants/{participantId}',
                                {
                                  params: { path: { competitionId, participantId: p.id } },
                                },
                              ),
                            ),
                          )
                        }
                      >
                        Remove
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </div>
  );
}
