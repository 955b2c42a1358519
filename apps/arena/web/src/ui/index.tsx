/**
 * The shared components every page is built from (styles in
 * styles/components.css, colours from styles/tokens.css).
 */
import {
  useEffect,
  useId,
  useRef,
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { describeError } from '../api/errors';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

/** A button; `variant` picks the style (primary by default). */
export function Button({
  variant = 'primary',
  small,
  className,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; small?: boolean }) {
  const classes = [
    'btn',
    variant === 'primary' ? '' : `btn-${variant}`,
    small ? 'btn-small' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return <button type={type} className={classes} {...rest} />;
}

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string;
}

/** A labelled input with an optional hint and error (wired with aria-describedby). */
export function TextField({
  label,
  hint,
  error,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled multi-line input. */
export function TextArea({
  label,
  hint,
  error,
  ...input
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A labelled select. */
export function SelectField({
  label,
  hint,
  options,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** A titled section. */
export function Panel({
  title,
  children,
  className,
  ...rest
}: { title?: string; children: ReactNode; className?: string } & Record<`data-${string}`, string>) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={title ? id : undefined} {...rest}>
      {title && <h2 id={id}>{title}</h2>}
      {children}
    </section>
  );
}

/** A message box: `error` and `warn` are announced at once (role=alert), the others politely. */
export function Notice({
  tone = 'info',
  title,
  children,
}: {
  tone?: 'info' | 'ok' | 'warn' | 'error';
  title?: string;
  children?: ReactNode;
}) {
  return (
    <div
      className={`notice ${tone === 'info' ? '' : `notice-${tone}`}`}
      role={tone === 'error' || tone === 'warn' ? 'alert' : 'status'}
      data-testid={`notice-${tone}`}
    >
      {title && <strong>{title}</strong>}
      {children}
    </div>
  );
}

/** The message for a failed call (nothing when `error` is null). */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const { title, detail, fields } = describeError(error);
  return (
    <Notice tone="error" title={title}>
      <span>{detail}</span>
      {fields && (
        <ul>
          {Object.entries(fields).map(([name, message]) => (
            <li key={name}>
              {name}: {message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

/** A small coloured label. */
export function Badge({
  tone = 'muted',
  children,
}: {
  tone?: 'ok' | 'danger' | 'warn' | 'muted';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A modal dialog (native <dialog>: focus is trapped, Escape closes it, focus returns to the opener). */
export function Dialog({
  title,
  open,
  onClose,
  children,
  testId,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    // Focus goes back to whatever opened the dialog, also when the dialog is unmounted while open.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={headingId}
      data-testid={testId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <div className="dialog-head">
            <h2 id={headingId}>{title}</h2>
            <Button variant="ghost" small onClick={onClose} aria-label="Close">
              ✕
            </Button>
          </div>
          <div className="dialog-body">{children}</div>
        </>
      )}
    </dialog>
  );
}

/** Format an ISO time as local HH:MM:SS. */
export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Format an ISO time as a local date and time. */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}
