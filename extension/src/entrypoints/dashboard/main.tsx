import '@hypomos/shared/ui/tokens.css';
import '../../ui/tokens.css';
import './dashboard.css';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
