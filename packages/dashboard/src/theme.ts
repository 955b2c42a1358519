import { createContext, useCallback, useContext, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'perflab-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage disabled
  }
}

function systemTheme(): Theme {
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** The theme to start with: the stored choice, else the system's. Also sets it on `<html>`. */
export function initialTheme(): Theme {
  const theme = storedTheme() ?? systemTheme();
  document.documentElement.dataset.theme = theme;
  return theme;
}

/**
 * The page's theme: follows `prefers-color-scheme` until the user toggles it;
 * the toggled choice is remembered in localStorage.
 */
export function useThemeState(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => {
      if (storedTheme() === null) setTheme(systemTheme());
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);
  const toggle = useCallback(() => {
    setTheme((current) => {
      const next = current === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // storage disabled: the choice lasts until the page closes
      }
      return next;
    });
  }, []);
  return { theme, toggle };
}

export const ThemeContext = createContext<Theme>('light');

/** The current theme (charts redraw with its colours). */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Colours of the charts, per theme (canvas drawing cannot read CSS variables cheaply). */
export interface ChartColors {
  axis: string;
  grid: string;
  series: string[];
  good: string;
  bad: string;
}

export function chartColors(theme: Theme): ChartColors {
  return theme === 'dark'
    ? {
        axis: '#a3acb9',
        grid: 'rgba(255,255,255,0.08)',
        series: [
          '#60a5fa',
          '#f59e0b',
          '#34d399',
          '#f472b6',
          '#a78bfa',
          '#22d3ee',
          '#facc15',
          '#fb7185',
          '#4ade80',
          '#c084fc',
          '#94a3b8',
        ],
        good: '#34d399',
        bad: '#f87171',
      }
    : {
        axis: '#4b5563',
        grid: 'rgba(0,0,0,0.08)',
        series: [
          '#2563eb',
          '#d97706',
          '#059669',
          '#db2777',
          '#7c3aed',
          '#0891b2',
          '#ca8a04',
          '#e11d48',
          '#16a34a',
          '#9333ea',
          '#64748b',
        ],
        good: '#16a34a',
        bad: '#dc2626',
      };
}

/** The i-th series colour, cycling. */
export function seriesColor(colors: ChartColors, i: number): string {
  return colors.series[i % colors.series.length] ?? colors.axis;
}
