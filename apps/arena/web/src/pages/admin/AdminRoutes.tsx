import { Shell } from '../../App';
import { Link } from '../../router';

export function AdminRoutes({ path }: { path: string }) {
  return (
    <Shell nav={<Link to="/admin">Competitions</Link>}>
      <div className="page">
        <h1>Admin</h1>
        <p className="muted">{path}</p>
      </div>
    </Shell>
  );
}
