import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToShell } from '../src/client';
import { Shelf } from './Shelf';
import './palette.css';

const client = connectToShell();
const root = createRoot(document.getElementById('root') ?? document.body);
root.render(client ? <StrictMode><Shelf client={client} /></StrictMode> : <p>Not connected to the app.</p>);
