import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToShell } from '../src/client';
import { Palette } from './Palette';
import './palette.css';

const client = connectToShell();
const root = createRoot(document.getElementById('root') ?? document.body);
root.render(client ? <StrictMode><Palette client={client} /></StrictMode> : <p>Not connected to the app.</p>);
