import { useState, type FormEvent } from 'react';
import { useSession } from '../session';
import { ThemePicker } from '../theme';
import { Button, ErrorNotice, Panel, TextField } from '../ui';

/** Sign in (participants with the credentials the organisers gave them; admins). */
export function LoginPage() {
  const { signIn } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(login.trim(), password);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="page login">
      <div className="page-head" style={{ justifyContent: 'space-between' }}>
        <h1>⚑ Arena</h1>
        <ThemePicker />
      </div>
      <Panel title="Sign in">
        <form className="form" onSubmit={submit} aria-label="Sign in">
          <TextField
            label="Login"
            name="login"
            autoComplete="username"
            required
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <ErrorNotice error={error} />
          <Button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </Panel>
    </main>
  );
}
