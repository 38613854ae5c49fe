import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToShell } from './client';
import { translate } from './i18n';
import { createStore, initStore } from './state/store';
import { StoreContext } from './store-context';
import './styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('#root missing');
const root = createRoot(rootElement);
const client = connectToShell();

if (!client) {
  root.render(<p className="fatal">{translate(navigator.language.startsWith('it') ? 'it' : 'en', 'notConnected')}</p>);
} else {
  const store = createStore(client);
  void initStore(store, client);
  root.render(
    <StrictMode>
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>
    </StrictMode>,
  );
}
