/** The app: session and theme, the header shell, and the routes of participants and admins. */
import { useEffect, type ReactNode } from 'react';
import { AdminRoutes } from './pages/admin/AdminRoutes';
import { LedgerPage } from './pages/Ledger';
import { LoginPage } from './pages/Login';
import { PlayPage } from './pages/Play';
import { ProjectorPage } from './pages/Projector';
import { ScoreboardPage } from './pages/Scoreboard';
import { ParticipantProvider, useParticipant } from './participant';
import { Link, match, navigate, usePath } from './router';
import { SessionProvider, useSession } from './session';
import { PinkExtras, ThemePicker, ThemeProvider } from './theme';
import { Button, Notice, clock } from './ui';

export function App() {
  return (
    <SessionProvider>
      <Themed />
    </SessionProvider>
  );
}

function Themed() {
  const { me } = useSession();
  return (
    <ThemeProvider key={me?.login ?? ''} login={me?.login ?? null}>
      <Routes />
      <PinkExtras />
    </ThemeProvider>
  );
}

function Routes() {
  const { me, loading } = useSession();
  const path = usePath();
  useEffect(() => {
    if (loading) return;
    if (!me && path !== '/login') navigate(`/login`, { replace: true });
    if (me && (path === '/login' || path === '/'))
      navigate(me.role === 'admin' ? '/admin' : '/play', { replace: true });
  }, [me, loading, path]);

  if (loading) return <p className="page muted">Loading…</p>;
  if (!me) return <LoginPage />;
  const projector = match('/projector/:competitionId', path);
  if (projector) return <ProjectorPage competitionId={Number(projector.competitionId)} />;
  if (me.role === 'admin') return <AdminRoutes path={path} />;
  return (
    <ParticipantProvider me={me}>
      <ParticipantRoutes path={path} />
    </ParticipantProvider>
  );
}

function ParticipantRoutes({ path }: { path: string }) {
  const { competitionId } = useParticipant();
  const nav = (
    <>
      <Link to="/play">Field</Link>
      <Link to="/scoreboard">Scoreboard</Link>
      <Link to="/ledger">My ledger</Link>
      <Link to={`/projector/${competitionId}`}>Projector</Link>
    </>
  );
  let page: ReactNode;
  if (path === '/ledger') page = <LedgerPage />;
  else if (path === '/scoreboard') page = <ScoreboardPage />;
  else page = <PlayPage />;
  return (
    <Shell nav={nav} extra={<BalanceChip />}>
      <AnnouncementBanner />
      {page}
    </Shell>
  );
}

function BalanceChip() {
  const { balance } = useParticipant();
  return (
    <span className="balance" data-testid="balance" aria-live="polite">
      <span className="visually-hidden">Balance: </span>
      {balance ?? '…'} pts
    </span>
  );
}

function AnnouncementBanner() {
  const { fresh, dismiss } = useParticipant();
  if (!fresh) return null;
  return (
    <div className="page" style={{ paddingBottom: 0 }}>
      <Notice tone="info" title={`Announcement · ${clock(fresh.createdAt)}`}>
        <div className="actions" style={{ justifyContent: 'space-between' }}>
          <span data-testid="announcement-banner">{fresh.message}</span>
          <Button variant="secondary" small onClick={dismiss}>
            Dismiss
          </Button>
        </div>
      </Notice>
    </div>
  );
}

/** The header (brand, navigation, balance, theme, account) around a page. */
export function Shell({ nav, extra, children }: { nav: ReactNode; extra?: ReactNode; children: ReactNode }) {
  const { me, signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <Link to="/" className="brand">
          ⚑ Arena
        </Link>
        <nav className="shell-nav" aria-label="Main">
          {nav}
        </nav>
        <div className="shell-tools">
          {extra}
          <ThemePicker />
          <span className="muted" data-testid="who">
            {me?.displayName}
          </span>
          <Button variant="secondary" small onClick={() => void signOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
