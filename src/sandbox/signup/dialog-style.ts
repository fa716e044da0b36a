/** Stylesheet of the ES dialog (served as `/signup/dialog.css`; CSP allows 'self' only). */
export const DIALOG_CSS = `*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f0f2f5;color:#1c1e21}
.sandbox-banner{background:#fff4ce;color:#5c4400;text-align:center;padding:6px;font-size:12px;border-bottom:1px solid #e8d48b}
.card{max-width:560px;margin:24px auto;background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.2);padding:24px}
.app-line{color:#65676b;margin-bottom:12px}
h1{font-size:20px;margin:0 0 16px}
label{display:block;margin:0 0 12px;font-weight:600}
label input:not([type=radio]),label select{display:block;width:100%;margin-top:4px;padding:8px 10px;border:1px solid #ccd0d5;border-radius:6px;font:inherit;font-weight:400}
label.choice{font-weight:400;display:flex;gap:8px;align-items:center}
fieldset{border:0;padding:0;margin:0 0 12px}
legend{font-weight:600;margin-bottom:4px}
.hint{color:#65676b;font-size:12px}
.error-text{color:#b3261e;min-height:1em}
.actions{display:flex;gap:8px;align-items:center;margin-top:16px}
.spacer{flex:1}
button{font:inherit;font-weight:600;padding:8px 16px;border-radius:6px;border:1px solid #ccd0d5;background:#e4e6eb;cursor:pointer}
button.primary{background:#1877f2;border-color:#1877f2;color:#fff}
button.link{background:none;border:0;color:#65676b;padding:8px 0;text-decoration:underline}
button:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid #1877f2;outline-offset:2px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px}
dt{color:#65676b}
dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace}
[hidden]{display:none!important}
`
