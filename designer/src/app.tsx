import { useEffect, useState } from 'react';

interface Check {
  ok: boolean;
  detail: string;
}

interface Readiness {
  ready: boolean;
  checks: { postgres: Check; temporal: Check };
}

const LABELS: Record<keyof Readiness['checks'], string> = {
  postgres: 'PostgreSQL',
  temporal: 'Temporal service',
};

/** The start page: what Baton runs on and whether each part is reachable, refreshed every few seconds. */
export function App() {
  const [readiness, setReadiness] = useState<Readiness>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch('/api/ready');
        const body = (await response.json()) as Readiness;
        if (!cancelled) {
          setReadiness(body);
          setError(undefined);
        }
      } catch (cause) {
        if (!cancelled) setError(`The Baton API does not answer (${String(cause)}).`);
      }
    };
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <main>
      <h1>Baton</h1>
      <p className="lead">Process templates drawn by managers, run as durable workflows, worked from an inbox.</p>
      <section aria-labelledby="status">
        <h2 id="status">Status</h2>
        {error && <p role="alert">{error}</p>}
        {!readiness && !error && <p>Checking…</p>}
        {readiness && (
          <ul className="checks">
            {(Object.keys(LABELS) as (keyof Readiness['checks'])[]).map((key) => (
              <li key={key} className={readiness.checks[key].ok ? 'ok' : 'down'}>
                <strong>{LABELS[key]}</strong>: {readiness.checks[key].ok ? 'reachable' : 'unreachable'}
                <span className="detail">{readiness.checks[key].detail}</span>
              </li>
            ))}
          </ul>
        )}
        <p>
          API reference: <a href="/api/openapi.json">/api/openapi.json</a>
        </p>
      </section>
    </main>
  );
}
