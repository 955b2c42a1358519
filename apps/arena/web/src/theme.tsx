/**
 * Themes: light, dark and pink. The choice is remembered per user in
 * localStorage (`arena.theme.<login>`, and `arena.theme` for the sign-in page)
 * and applied as `<html data-theme>`. The pink theme adds a draggable mascot (a
 * girl and her cat) and falling petals; both stay still or hidden when the
 * system asks for reduced motion.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';

export const THEMES = ['light', 'dark', 'pink'] as const;
export type Theme = (typeof THEMES)[number];

const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme);
const keyFor = (login: string | null) => (login ? `arena.theme.${login}` : 'arena.theme');

function initialTheme(login: string | null): Theme {
  const stored = localStorage.getItem(keyFor(login)) ?? localStorage.getItem(keyFor(null));
  if (isTheme(stored)) return stored;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

interface ThemeState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

const ThemeContext = createContext<ThemeState | null>(null);

/** Provides the theme of `login` (null before sign-in) and applies it to the document; key it by login. */
export function ThemeProvider({ login, children }: { login: string | null; children: ReactNode }) {
  const [theme, setThemeState] = useState<Theme>(() => initialTheme(login));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const setTheme = useCallback(
    (next: Theme) => {
      localStorage.setItem(keyFor(login), next);
      localStorage.setItem(keyFor(null), next);
      setThemeState(next);
    },
    [login],
  );
  return <ThemeContext.Provider value={{ theme, setTheme }}>{children}</ThemeContext.Provider>;
}

/** The current theme and its setter. */
export function useTheme(): ThemeState {
  const state = useContext(ThemeContext);
  if (!state) throw new Error('useTheme outside ThemeProvider');
  return state;
}

/** The labelled theme selector shown in every header. */
export function ThemePicker() {
  const { theme, setTheme } = useTheme();
  return (
    <label className="theme-picker">
      <span className="visually-hidden">Theme</span>
      <select
        value={theme}
        data-testid="theme-picker"
        onChange={(event) => setTheme(event.target.value as Theme)}
        aria-label="Theme"
      >
        <option value="light">☀ Light</option>
        <option value="dark">☾ Dark</option>
        <option value="pink">✿ Pink</option>
      </select>
    </label>
  );
}

const reducedQuery = '(prefers-reduced-motion: reduce)';

/** True when the system asks for reduced motion (live). */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (listener) => {
      const query = window.matchMedia(reducedQuery);
      query.addEventListener('change', listener);
      return () => query.removeEventListener('change', listener);
    },
    () => window.matchMedia(reducedQuery).matches,
  );
}

/** The pink theme's decorations (nothing in the other themes). */
export function PinkExtras() {
  const { theme } = useTheme();
  const reduced = useReducedMotion();
  if (theme !== 'pink') return null;
  return (
    <>
      {!reduced && <Petals />}
      <Mascot />
    </>
  );
}

const PETALS = 16;

function Petals() {
  return (
    <div className="petals" aria-hidden="true" data-testid="petals">
      {Array.from({ length: PETALS }, (_, i) => (
        <span
          key={i}
          className="petal"
          style={{
            left: `${(i * 61) % 100}%`,
            animationDuration: `${9 + ((i * 7) % 8)}s`,
            animationDelay: `${-((i * 13) % 17)}s`,
            transform: `scale(${0.6 + ((i * 3) % 5) / 10})`,
          }}
        />
      ))}
    </div>
  );
}

const MASCOT_KEY = 'arena.mascot';
const MASCOT_SIZE = { width: 132, height: 120 };

function clampPosition(x: number, y: number): { x: number; y: number } {
  return {
    x: Math.min(Math.max(0, x), Math.max(0, window.innerWidth - MASCOT_SIZE.width)),
    y: Math.min(Math.max(0, y), Math.max(0, window.innerHeight - MASCOT_SIZE.height)),
  };
}

function initialPosition(): { x: number; y: number } {
  try {
    const stored = JSON.parse(localStorage.getItem(MASCOT_KEY) ?? 'null') as { x: number; y: number } | null;
    if (stored && Number.isFinite(stored.x) && Number.isFinite(stored.y))
      return clampPosition(stored.x, stored.y);
  } catch {
    // fall through to the default corner
  }
  return clampPosition(
    window.innerWidth - MASCOT_SIZE.width - 16,
    window.innerHeight - MASCOT_SIZE.height - 16,
  );
}

/** A girl and her cat: drag with the pointer, or focus and move with the arrow keys. */
function Mascot() {
  const [position, setPosition] = useState(initialPosition);
  const drag = useRef<{ dx: number; dy: number } | null>(null);
  const reduced = useReducedMotion();

  useEffect(() => {
    localStorage.setItem(MASCOT_KEY, JSON.stringify(position));
  }, [position]);
  useEffect(() => {
    const onResize = () => setPosition((p) => clampPosition(p.x, p.y));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { dx: event.clientX - position.x, dy: event.clientY - position.y };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    setPosition(clampPosition(event.clientX - drag.current.dx, event.clientY - drag.current.dy));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 48 : 16;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    setPosition((p) => clampPosition(p.x + move[0], p.y + move[1]));
  };

  return (
    <div
      className={`mascot ${reduced ? '' : 'mascot-animated'}`}
      data-testid="mascot"
      role="img"
      aria-label="Mascot: a girl and her cat. Drag it, or focus it and use the arrow keys to move it."
      tabIndex={0}
      style={{ left: position.x, top: position.y }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    >
      <MascotArt />
    </div>
  );
}

function MascotArt() {
  return (
    <svg viewBox="0 0 132 120" width="132" height="120" aria-hidden="true" focusable="false">
      {/* girl */}
      <g className="mascot-girl">
        <path d="M22 44 C18 18 62 8 66 40 C70 58 64 74 60 80 L26 80 C20 70 20 56 22 44 Z" fill="#d94b8c" />
        <circle cx="44" cy="46" r="18" fill="#ffe0cf" />
        <path d="M26 42 C28 26 58 22 62 42 C54 34 40 32 26 42 Z" fill="#e35d9b" />
        <circle cx="38" cy="47" r="2.4" fill="#3b0f2e" />
        <circle cx="50" cy="47" r="2.4" fill="#3b0f2e" />
        <path d="M39 55 Q44 59 49 55" stroke="#3b0f2e" strokeWidth="1.8" fill="none" strokeLinecap="round" />
        <circle cx="33" cy="53" r="3" fill="#ff9ebf" opacity="0.7" />
        <circle cx="55" cy="53" r="3" fill="#ff9ebf" opacity="0.7" />
        <path d="M60 30 l6 -6 l2 8 z" fill="#ffd1e4" stroke="#ad1f6b" strokeWidth="1" />
        <path d="M28 64 L60 64 L70 112 L18 112 Z" fill="#ff8fbd" />
        <path d="M28 64 L60 64 L62 74 L26 74 Z" fill="#ffd1e4" />
        <rect x="30" y="110" width="8" height="8" rx="3" fill="#7a0f4a" />
        <rect x="50" y="110" width="8" height="8" rx="3" fill="#7a0f4a" />
      </g>
      {/* cat */}
      <g className="mascot-cat">
        <path
          className="mascot-tail"
          d="M118 100 C132 92 128 72 120 70"
          stroke="#5b4a5e"
          strokeWidth="6"
          fill="none"
          strokeLinecap="round"
        />
        <ellipse cx="102" cy="102" rx="20" ry="15" fill="#6d5a70" />
        <circle cx="92" cy="80" r="13" fill="#6d5a70" />
        <path d="M81 74 L83 60 L91 69 Z" fill="#6d5a70" />
        <path d="M103 74 L101 60 L93 69 Z" fill="#6d5a70" />
        <path d="M84 72 L85 64 L89 69 Z" fill="#ffb3cf" />
        <path d="M100 72 L99 64 L95 69 Z" fill="#ffb3cf" />
        <ellipse cx="87" cy="80" rx="2" ry="3" fill="#d7f7a8" />
        <ellipse cx="97" cy="80" rx="2" ry="3" fill="#d7f7a8" />
        <path d="M90 86 L92 88 L94 86" stroke="#ffb3cf" strokeWidth="1.6" fill="none" />
        <path
          d="M78 85 L86 86 M78 89 L86 88 M106 85 L98 86 M106 89 L98 88"
          stroke="#e8dced"
          strokeWidth="1"
        />
      </g>
    </svg>
  );
}
