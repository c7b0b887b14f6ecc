import { client, ok } from '../api/client';
import { useLoad } from './useLoad';

/** Lists the configured OpenID Connect providers; each link starts the worker's Authorization Code + PKCE flow. */
export function SignIn({ returnTo }: { returnTo: string }) {
  const { data, error } = useLoad(async () => ok(client.auth.providers.$get()));
  return (
    <main className="narrow">
      <h1>Sign in to Hypomos</h1>
      <p>Sign in to manage your shares, events and inbox.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data && data.providers.length === 0 && <p>No sign-in provider is configured.</p>}
      <ul className="plain">
        {data?.providers.map((p) => (
          <li key={p.id}>
            <a className="button" href={`${p.loginUrl}?return_to=${encodeURIComponent(returnTo)}`}>
              Sign in with {p.name}
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
