/** The admin console: competitions, and per competition its settings, field, people, submissions, monitor and announcements. */
import { useEffect, useState, type ReactNode } from 'react';
import { Shell } from '../../App';
import { client, unwrap, type Competition } from '../../api/client';
import { Link, match, navigate } from '../../router';
import { ErrorNotice } from '../../ui';
import { AnnouncementsPage } from './Announcements';
import { CompetitionsPage, SettingsPage } from './Competitions';
import { FieldEditorPage } from './FieldEditor';
import { MonitorPage } from './Monitor';
import { PeoplePage } from './People';
import { SubmissionsPage } from './Submissions';

const SECTIONS = [
  ['settings', 'Settings'],
  ['field', 'Field'],
  ['people', 'Teams & people'],
  ['submissions', 'Submissions'],
  ['monitor', 'Monitor'],
  ['announcements', 'Announcements'],
] as const;

export function AdminRoutes({ path }: { path: string }) {
  const params = match('/admin/:competitionId/:section', path);
  useEffect(() => {
    if (!params && path !== '/admin') navigate('/admin', { replace: true });
  }, [params, path]);
  if (!params) {
    return (
      <Shell nav={<Link to="/admin">Competitions</Link>}>
        <CompetitionsPage />
      </Shell>
    );
  }
  return (
    <CompetitionSection competitionId={Number(params.competitionId)} section={params.section ?? 'settings'} />
  );
}

function CompetitionSection({ competitionId, section }: { competitionId: number; section: string }) {
  const [competition, setCompetition] = useState<Competition | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    unwrap(client.GET('/api/competitions/{competitionId}', { params: { path: { competitionId } } })).then(
      setCompetition,
      setError,
    );
  }, [competitionId, version]);
  const base = `/admin/${competitionId}`;
  const nav = (
    <>
      <Link to="/admin">Competitions</Link>
      {SECTIONS.map(([key, label]) => (
        <Link key={key} to={`${base}/${key}`}>
          {label}
        </Link>
      ))}
      <Link to={`/projector/${competitionId}`}>Projector</Link>
    </>
  );
  let page: ReactNode = null;
  if (competition) {
    const props = { competition, onChanged: () => setVersion((v) => v + 1) };
    if (section === 'field') page = <FieldEditorPage {...props} />;
    else if (section === 'people') page = <PeoplePage {...props} />;
    else if (section === 'submissions') page = <SubmissionsPage {...props} />;
    else if (section === 'monitor') page = <MonitorPage {...props} />;
    else if (section === 'announcements') page = <AnnouncementsPage {...props} />;
    else page = <SettingsPage {...props} />;
  }
  return (
    <Shell nav={nav}>
      {error !== null && (
        <div className="page">
          <ErrorNotice error={error} />
        </div>
      )}
      {page}
    </Shell>
  );
}

/** Props of every competition section page. */
export interface SectionProps {
  competition: Competition;
  /** Reload the competition (after editing it). */
  onChanged: () => void;
}

/** Download `text` as a file named `name`. */
export function download(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
