// Sandboxed preload of the signup window (src/main/electron/signup-window.ts): exposes only
// `window.wapcSignup.deliver(result)`. No api, no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron'
import { exposeSignupBridge } from './signup-bridge'

exposeSignupBridge(contextBridge, ipcRenderer)
