/// <reference types="electron-vite/node" />
// Electron entry (out/main/index.js). Wiring only: every behaviour lives in a module that takes
// these Electron objects as parameters and is tested with fakes (Electron cannot run in CI).
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  session,
  shell,
} from 'electron'
import icon from '../../../resources/icon.png?asset'
import { createCore } from '../core'
import { startEmbeddedSandbox } from '../embedded/start-sandbox'
import { runElectronApp } from './app-lifecycle'

// out/main/index.js → out/preload/{index,signup}.cjs and out/renderer/ (electron.vite.config.ts).
const outDir = join(import.meta.dirname, '..')

runElectronApp(
  { app, protocol, BrowserWindow, ipcMain, nativeTheme, dialog, shell, session },
  {
    createCore,
    startSandbox: startEmbeddedSandbox,
    paths: {
      preload: join(outDir, 'preload', 'index.cjs'),
      signupPreload: join(outDir, 'preload', 'signup.cjs'),
      rendererRoot: join(outDir, 'renderer'),
      // Only Linux uses a window icon; macOS and Windows take the packaged app's.
      icon: process.platform === 'linux' ? icon : undefined,
    },
    env: process.env,
    runtime: {
      electronVersion: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
    },
  },
)
