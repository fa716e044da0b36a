/**
 * Browser mode only: the page was opened without the per-launch access token (or the core restarted
 * and issued a new one). Nothing is loaded from the core in this state.
 */
export function UnauthorizedScreen() {
  return (
    <main className="gate" data-testid="unauthorized">
      <div className="gate__card" role="alert">
        <h1 className="gate__title">Not authorized</h1>
        <p>
          This page has no access to the console core. Open the <code>WAPC_WEB_URL=…</code> address
          printed in the terminal where the console started (<code>npm start</code> or{' '}
          <code>npm run web</code>) — it contains the access token — in this browser.
        </p>
        <p className="gate__muted">
          The token is made anew every time the console starts and lasts until it stops, so a link
          from an earlier run no longer works. The core only listens on this computer.
        </p>
      </div>
    </main>
  )
}
