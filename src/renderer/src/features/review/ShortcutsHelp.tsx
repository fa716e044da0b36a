import { SHORTCUTS } from './shortcuts'

/** The review shortcuts, listed (toggled with `?`, always reachable from the page). */
export function ShortcutsHelp({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <section className="review__shortcuts" aria-labelledby="review-shortcuts">
      <h2 className="review__shortcuts-title" id="review-shortcuts">
        <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
          Keyboard shortcuts
        </button>{' '}
        <kbd className="kbd">?</kbd>
      </h2>
      {open ? (
        <table className="review__shortcut-table" data-testid="review-shortcuts">
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.action}>
                <th scope="row">
                  <kbd className="kbd">{shortcut.keys}</kbd>
                </th>
                <td>{shortcut.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}
