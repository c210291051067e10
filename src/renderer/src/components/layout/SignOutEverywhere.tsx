/** "Sign out everywhere": revokes every browser session of this Kubedeck (this one too); a new login link is then needed. */
import { desktopBridge } from '../../lib/bridge';

export function SignOutEverywhere() {
  // The desktop window signs itself in; revoking would only sign it out.
  if (desktopBridge()) return null;
  const signOut = async () => {
    if (!window.confirm('Sign every browser out of this Kubedeck? A new login link (npm run serve -- --login-link) is needed afterwards.')) return;
    await fetch('/logout-everywhere', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    window.location.reload();
  };
  return (
    <button type="button" className="button ghost small" onClick={() => void signOut()} data-testid="sign-out-everywhere" title="Revoke every browser session">
      Sign out everywhere
    </button>
  );
}
