// Sandboxed preload of the signup window (src/main/electron/signup-window.ts). It exposes nothing
// to the page: it forwards the launcher's result message to main. No api, no Node.
import { ipcRenderer } from 'electron'
import { forwardSignupResults, type SignupWindowLike } from './signup-bridge'

forwardSignupResults(globalThis as unknown as SignupWindowLike, ipcRenderer)
