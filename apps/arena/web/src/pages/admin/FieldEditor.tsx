/**
 * The field editor: the grid of topics × levels with every card; add a card in
 * an empty cell, edit one by clicking it, move one by dragging it to another
 * cell (or by changing its topic and level in the editor, from the keyboard).
 */
import { useCallback, useEffect, useState, type DragEvent, type FormEvent } from 'react';
import { client, unwrap, type AdminCard, type Schemas } from '../../api/client';
import { Button, Dialog, ErrorNotice, Panel, SelectField, TextArea, TextField } from '../../ui';
import type { SectionProps } from './AdminRoutes';

type Answer = Schemas['AcceptedAnswerInput'];
interface Draft {
  id?: number;
  topic: string;
  level: number;
  title: string;
  statement: string;
  price: string;
  answers: Answer[];
  multipliers: string;
}

const emptyDraft = (topic: string, level: number): Draft => ({
  topic,
  level,
  title: '',
  statement: '',
  price: String(50 * level),
  answers: [{ kind: 'exact', value: '' }],
  multipliers: '',
});

export function FieldEditorPage({ competition }: SectionProps) {
  const competitionId = competition.id;
  const [cards, setCards] = useState<AdminCard[]>([]);
  const [extraTopics, setExtraTopics] = useState<string[]>([]);
  const [columns, setColumns] = useState(1);
  const [newTopic, setNewTopic] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    unwrap(
      client.GET('/api/admin/competitions/{competitionId}/cards', { params: { path: { competitionId } } }),
    ).then(setCards, setError);
  }, [competitionId, version]);

  const topics = [...new Set([...cards.map((c) => c.topic), ...extraTopics])].sort();
  const maxLevel = Math.max(0, ...cards.map((c) => c.level));
  const levels = Array.from({ length: Math.max(maxLevel, columns) }, (_, i) => i + 1);
  const at = new Map(cards.map((c) => [`${c.topic}\u0000${c.level}`, c]));

  const move = async (cardId: number, topic: string, level: number) => {
    setError(null);
    try {
      await unwrap(
        client.PATCH('/api/admin/competitions/{competitionId}/cards/{cardId}', {
          params: { path: { competitionId, cardId } },
          body: { topic, level },
        }),
      );
    } catch (failure) {
      setError(failure);
    }
    reload();
  };

  const onDrop = (event: DragEvent, topic: string, level: number) => {
    event.preventDefault();
    setDropTarget(null);
    const id = Number(event.dataTransfer.getData('application/x-arena-card'));
    if (id && !at.has(`${topic}\u0000${level}`)) void move(id, topic, level);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Field of {competition.title}</h1>
        <span className="muted">{cards.length} cards · drag a card to move it</span>
      </div>
      <ErrorNotice error={error} />
      <Panel title="Grid">
        <form
          className="actions"
          style={{ marginBottom: 12, alignItems: 'end' }}
          onSubmit={(event) => {
            event.preventDefault();
            if (newTopic.trim()) setExtraTopics((list) => [...list, newTopic.trim()]);
            setNewTopic('');
          }}
        >
          <TextField label="New topic (row)" value={newTopic} onChange={(e) => setNewTopic(e.target.value)} />
          <Button type="submit" variant="secondary">
            Add row
          </Button>
          <Button variant="secondary" onClick={() => setColumns(levels.length + 1)}>
            Add level column
          </Button>
        </form>
        {topics.length === 0 ? (
          <p className="muted">Add a topic row to place the first card.</p>
        ) : (
          <div className="grid-wrap">
            <div
              className="field-grid"
              role="table"
              aria-label="Field editor: topics by levels"
              data-testid="editor-grid"
              style={{
                gridTemplateColumns: `minmax(90px, max-content) repeat(${levels.length}, minmax(110px, 1fr))`,
              }}
            >
              <div role="row" style={{ display: 'contents' }}>
                <span role="columnheader" className="axis">
                  Topic
                </span>
                {levels.map((level) => (
                  <span role="columnheader" className="axis" key={level}>
                    Level {level}
                  </span>
                ))}
              </div>
              {topics.map((topic) => (
                <div role="row" key={topic} style={{ display: 'contents' }}>
                  <span role="rowheader" className="axis">
                    {topic}
                  </span>
                  {levels.map((level) => {
                    const key = `${topic}\u0000${level}`;
                    const card = at.get(key);
                    return (
                      <div
                        role="cell"
                        key={level}
                        className={`cell ${dropTarget === key ? 'drop-target' : ''}`}
                        data-cell={`${topic}/${level}`}
                        onDragOver={(event) => {
                          if (card) return;
                          event.preventDefault();
                          setDropTarget(key);
                        }}
                        onDragLeave={() => setDropTarget((k) => (k === key ? null : k))}
                        onDrop={(event) => onDrop(event, topic, level)}
                      >
                        {card ? (
                          <button
                            type="button"
                            className="game-card"
                            draggable
                            data-testid={`edit-card-${card.id}`}
                            onDragStart={(event) => {
                              event.dataTransfer.setData('application/x-arena-card', String(card.id));
                              event.dataTransfer.effectAllowed = 'move';
                            }}
                            onClick={() =>
                              setDraft({
                                id: card.id,
                                topic: card.topic,
                                level: card.level,
                                title: card.title,
                                statement: card.statement,
                                price: String(card.price),
                                answers: card.answers,
                                multipliers: card.multipliers?.join(', ') ?? '',
                              })
                            }
                          >
                            <span className="title">
                              <span className="visually-hidden">Edit </span>
                              {card.title}
                              <span className="visually-hidden">
                                {' '}
                                ({topic}, level {level}, {card.price} points)
                              </span>
                            </span>
                            <span className="meta">
                              <span className="price">{card.price} pts</span>
                              <span>{card.answers.length} ans.</span>
                            </span>
                          </button>
                        ) : (
                          <Button
                            variant="ghost"
                            className="game-card"
                            aria-label={`Add a card at ${topic}, level ${level}`}
                            onClick={() => setDraft(emptyDraft(topic, level))}
                          >
                            <span aria-hidden="true">＋</span>
                          </Button>
                        )}
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
          </div>
        )}
      </Panel>
      {draft && (
        <CardEditor
          competitionId={competitionId}
          draft={draft}
          onClose={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

function CardEditor({
  competitionId,
  draft: initial,
  onClose,
  onSaved,
}: {
  competitionId: number;
  draft: Draft;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setAnswer = (index: number, answer: Answer) =>
    set(
      'answers',
      draft.answers.map((a, i) => (i === index ? answer : a)),
    );

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const multipliers = draft.multipliers.trim()
      ? draft.multipliers
          .split(/[,\s]+/)
          .filter(Boolean)
          .map(Number)
      : null;
    const body = {
      topic: draft.topic.trim(),
      level: Number(draft.level),
      title: draft.title,
      statement: draft.statement,
      price: Number(draft.price),
      answers: draft.answers,
      multipliers,
    };
    try {
      if (draft.id === undefined) {
        await unwrap(
          client.POST('/api/admin/competitions/{competitionId}/cards', {
            params: { path: { competitionId } },
            body,
          }),
        );
      } else {
        await unwrap(
          client.PATCH('/api/admin/competitions/{competitionId}/cards/{cardId}', {
            params: { path: { competitionId, cardId: draft.id } },
            body,
          }),
        );
      }
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };

  const remove = async () => {
    if (draft.id === undefined) return;
    try {
      await unwrap(
        client.DELETE('/api/admin/competitions/{competitionId}/cards/{cardId}', {
          params: { path: { competitionId, cardId: draft.id } },
        }),
      );
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Dialog
      title={draft.id === undefined ? 'New card' : `Edit ${initial.title}`}
      open
      onClose={onClose}
      testId="card-editor"
    >
      <form className="form" onSubmit={save} aria-label="Card">
        <TextField
          label="Title"
          required
          value={draft.title}
          onChange={(e) => set('title', e.target.value)}
        />
        <div className="form-row">
          <TextField
            label="Topic (row)"
            required
            value={draft.topic}
            onChange={(e) => set('topic', e.target.value)}
          />
          <TextField
            label="Level (column)"
            type="number"
            min={1}
            required
            value={String(draft.level)}
            onChange={(e) => set('level', Number(e.target.value))}
          />
          <TextField
            label="Price"
            type="number"
            min={1}
            required
            value={draft.price}
            onChange={(e) => set('price', e.target.value)}
          />
          <TextField
            label="Multipliers (optional)"
            hint="Empty: the competition's"
            value={draft.multipliers}
            onChange={(e) => set('multipliers', e.target.value)}
          />
        </div>
        <TextArea
          label="Statement"
          hint="Markdown; formulas between $…$ or $$…$$"
          value={draft.statement}
          onChange={(e) => set('statement', e.target.value)}
        />
        <fieldset
          className="form"
          style={{ border: '1px solid var(--border)', borderRadius: 'var(--radius-small)' }}
        >
          <legend>Accepted answers</legend>
          {draft.answers.map((answer, index) => (
            <div className="form-row" key={index} style={{ alignItems: 'end' }}>
              <SelectField
                label={`Answer ${index + 1} kind`}
                value={answer.kind}
                onChange={(e) => {
                  const kind = e.target.value as Answer['kind'];
                  setAnswer(
                    index,
                    kind === 'exact'
                      ? { kind, value: '' }
                      : kind === 'numeric'
                        ? { kind, value: 0, tolerance: 0 }
                        : { kind, pattern: '', caseInsensitive: true },
                  );
                }}
                options={[
                  { value: 'exact', label: 'Exact text' },
                  { value: 'numeric', label: 'Number ± tolerance' },
                  { value: 'regex', label: 'Regular expression' },
                ]}
              />
              {answer.kind === 'exact' && (
                <TextField
                  label={`Answer ${index + 1}`}
                  required
                  value={answer.value}
                  onChange={(e) => setAnswer(index, { ...answer, value: e.target.value })}
                />
              )}
              {answer.kind === 'numeric' && (
                <>
                  <TextField
                    label={`Answer ${index + 1} value`}
                    type="number"
                    step="any"
                    required
                    value={String(answer.value)}
                    onChange={(e) => setAnswer(index, { ...answer, value: Number(e.target.value) })}
                  />
                  <TextField
                    label="Tolerance"
                    type="number"
                    step="any"
                    min={0}
                    value={String(answer.tolerance ?? 0)}
                    onChange={(e) => setAnswer(index, { ...answer, tolerance: Number(e.target.value) })}
                  />
                </>
              )}
              {answer.kind === 'regex' && (
                <TextField
                  label={`Answer ${index + 1} pattern`}
                  required
                  value={answer.pattern}
                  onChange={(e) => setAnswer(index, { ...answer, pattern: e.target.value })}
                />
              )}
              <Button
                variant="secondary"
                small
                disabled={draft.answers.length === 1}
                onClick={() =>
                  set(
                    'answers',
                    draft.answers.filter((_, i) => i !== index),
                  )
                }
              >
                Remove answer {index + 1}
              </Button>
            </div>
          ))}
          <div>
            <Button
              variant="secondary"
              small
              onClick={() => set('answers', [...draft.answers, { kind: 'exact', value: '' }])}
            >
              Add an answer
            </Button>
          </div>
        </fieldset>
        <ErrorNotice error={error} />
        <div className="actions">
          <Button type="submit">{draft.id === undefined ? 'Add card' : 'Save card'}</Button>
          {draft.id !== undefined && (
            <Button variant="danger" onClick={() => void remove()}>
              Delete card
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
