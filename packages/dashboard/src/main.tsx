import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { App } from './App';
import { readPageData } from './data';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App data={readPageData()} />
    </StrictMode>,
  );
}
