// The logger lives in src/server-kit/log (the core, the sandbox and the relay share it).
export * from '@server-kit/log/logger'
