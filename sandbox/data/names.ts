/** Name pools for the demo company and the large generated data sets (Italian and international). */
export const FIRST_NAMES = [
  'Luca', 'Giulia', 'Marco', 'Francesca', 'Alessandro', 'Chiara', 'Matteo', 'Sara', 'Lorenzo', 'Martina', 'Andrea', 'Elena', 'Davide', 'Valentina',
  'Federico', 'Silvia', 'Stefano', 'Paola', 'Giorgio', 'Anna', 'Roberto', 'Laura', 'Simone', 'Alessia', 'Nicola', 'Irene', 'Tommaso', 'Beatrice',
  'Emma', 'Oliver', 'Sophie', 'Liam', 'Charlotte', 'Noah', 'Amélie', 'Jürgen', 'Søren', 'Inés', 'José', 'Zoë', 'François', 'Małgorzata', 'Björn',
  'Aiko', 'Wei', 'Priya', 'Olumide', 'Fatima', 'Dmitri', 'Ana', 'Mateus', 'Ingrid', 'Niamh', 'Siobhan', 'Raúl', 'Chloé', 'Hannah', 'Tobias',
];

export const LAST_NAMES = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca',
  'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara',
  "D'Angelo", 'Galli', 'Leone', 'Longo', 'Martini', 'Vitale', 'Smith', 'Johnson', 'Müller', 'Schmidt', 'Dubois', 'Lefèvre', 'García', 'Fernández',
  'Nowak', 'Kowalski', 'Andersson', 'Nielsen', "O'Brien", 'Murphy', 'Tanaka', 'Chen', 'Patel', 'Okafor', 'Ivanova', 'Silva', 'Großmann-Ñúñez',
];

export const COMPANY_WORDS = [
  'Adriatica', 'Alpina', 'Aurora', 'Borealis', 'Brenta', 'Castello', 'Dolomiti', 'Etna', 'Garda', 'Laguna', 'Ligure', 'Mediterranea', 'Monviso',
  'Orobica', 'Padana', 'Piave', 'Sabbia', 'Tirrena', 'Vesuvio', 'Nordic', 'Atlantic', 'Danube', 'Rhine', 'Thames', 'Baltic', 'Iberia', 'Helvetia',
  'Pacific', 'Sahara', 'Andes',
];

export const COMPANY_KINDS = [
  'Logistica', 'Meccanica', 'Alimentari', 'Tessile', 'Energia', 'Costruzioni', 'Farmaceutica', 'Software', 'Trasporti', 'Arredamenti', 'Vini',
  'Consulting', 'Systems', 'Foods', 'Shipping', 'Robotics', 'Textiles', 'Labs',
];

export const COMPANY_FORMS = ['S.p.A.', 'S.r.l.', 'S.n.c.', 'GmbH', 'Ltd', 'SA', 'AG', 'BV', 'Inc.', 'SAS'];

export const CITIES = ['Milano', 'Torino', 'Bologna', 'Verona', 'Padova', 'Firenze', 'Roma', 'Napoli', 'Bari', 'Genova', 'München', 'Lyon', 'Barcelona', 'London', 'Wien', 'Zürich'];

export const INDUSTRIES = ['Banking', 'Chemicals', 'Construction', 'Consulting', 'Education', 'Energy', 'Engineering', 'Finance', 'Food & Beverage', 'Healthcare', 'Manufacturing', 'Retail', 'Technology', 'Transportation'];

export const TITLES = ['CEO', 'CFO', 'Buyer', 'Purchasing Manager', 'IT Manager', 'Office Manager', 'Sales Director', 'Responsabile Acquisti', 'Direttore Tecnico', 'Amministrazione'];

/** Deterministic PRNG (mulberry32) so the demo company is the same on every start. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

export function slug(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}
