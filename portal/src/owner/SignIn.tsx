import { client, ok } from '../api/client';
import { useLoad } from './useLoad';

/** Lists the configured OpenID Connect providers; each link starts the worker's Authorization Code + PKCE flow. */
export function SignIn({ returnTo }: { returnTo: string }) {
  const { data, error } = useLoad(async () => ok(client.auth.providers.$get()));
  return (
    <main className="signin">
      <div className="card signin-card">
        <span className="brand" style={{ justifyContent: 'center' }}>
          <span className="brand-mark" aria-hidden="true">
            H
          </span>
          Hypomos
        </span>
        <h1>Sign in to Hypomos</h1>
        <p className="muted">Sign in to manage your shares, events and inbox.</p>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        {data && data.providers.length === 0 && <p>No sign-in provider is configured.</p>}
        <ul>
          {data?.providers.map((p) => (
            <li key={p.id}>
              <a className="button primary" href={`${p.loginUrl}?return_to=${encodeURIComponent(returnTo)}`}>
                Sign in with {p.name}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}
