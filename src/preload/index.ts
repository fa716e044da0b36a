// Sandboxed preload: only `window.api`, built from the contract. No ipcRenderer, process or shell.
import { contextBridge, ipcRenderer } from 'electron'
import { exposeApi } from './preload-api'

exposeApi(contextBridge, ipcRenderer)
