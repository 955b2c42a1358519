/** Post announcements (pushed live to every participant) and see those sent. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { client, unwrap, type Announcement } from '../../api/client';
import { useLive } from '../../live';
import { Button, ErrorNotice, Panel, TextArea, clock } from '../../ui';
import type { SectionProps } from './AdminRoutes';

export function AnnouncementsPage({ competition }: SectionProps) {
  const competitionId = competition.id;
  const [list, setList] = useState<Announcement[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const add = useCallback(
    (item: Announcement) =>
      setList((current) => (current.some((a) => a.id === item.id) ? current : [item, ...current])),
    [],
  );
  useLive(competitionId, add);
  useEffect(() => {
    unwrap(
      client.GET('/api/competitions/{competitionId}/announcements', { params: { path: { competitionId } } }),
    ).then(setList, setError);
  }, [competitionId]);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      add(
        await unwrap(
          client.POST('/api/admin/competitions/{competitionId}/announcements', {
            params: { path: { competitionId } },
            body: { message },
          }),
        ),
      );
      setMessage('');
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div className="page">
      <h1>Announcements</h1>
      <Panel title="New announcement">
        <form className="form" onSubmit={post}>
          <TextArea
            label="Message"
            required
            rows={3}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          <ErrorNotice error={error} />
          <div className="actions">
            <Button type="submit">Send to everyone</Button>
          </div>
        </form>
      </Panel>
      <Panel title="Sent">
        <ul className="feed" data-testid="announcements">
          {list.map((a) => (
            <li key={a.id}>
              <time dateTime={a.createdAt}>{clock(a.createdAt)}</time>
              {a.message}
            </li>
          ))}
        </ul>
      </Panel>
    </div>
  );
}
