// Process boundaries from docs/architecture.md are enforced here, not by goodwill.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = { regex: '^node:', message: 'Node built-ins are not available here.' }
const electron = {
  regex: '^electron(/|$)',
  message: 'Only src/main/electron and src/preload import electron.',
}
const mainTree = {
  regex: '^\\.\\.?/(.*/)?main(/|$)',
  message: 'This tree must not import the core (src/main).',
}
const rendererTree = {
  regex: '^\\.\\.?/(.*/)?renderer(/|$)',
  message: 'Nothing outside src/renderer imports the renderer.',
}
const relayTree = {
  regex: '^\\.\\.?/(.*/)?relay(/|$)',
  message: 'The relay is deployed alone; import only src/shared.',
}
const sandboxTree = {
  regex: '^\\.\\.?/(.*/)?sandbox(/|$)',
  message: 'The sandbox is its own service; talk to it over HTTP.',
}
const serverKit = {
  regex: '^(@server-kit(/|$)|\\.\\.?/(.*/)?server-kit(/|$))',
  message: 'src/server-kit is Node-only code for the core, the relay and the sandbox.',
}
const environmentPackages = {
  regex: '^(react|react-dom|ws|better-sqlite3|keytar|undici|ioredis)(/|$)',
  message: 'src/shared is pure TypeScript: no environment-specific packages.',
}

const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: restrict(
      nodeBuiltins,
      electron,
      mainTree,
      rendererTree,
      relayTree,
      sandboxTree,
      serverKit,
      environmentPackages,
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(nodeBuiltins, electron, mainTree, relayTree, sandboxTree, serverKit),
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: restrict(electron, rendererTree, relayTree, sandboxTree),
  },
  {
    // The core starts the embedded sandbox and relay in-process; it may import their entry modules only.
    files: ['src/main/embedded/**/*.ts'],
    rules: restrict(electron, rendererTree),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: restrict(rendererTree, relayTree, sandboxTree),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(nodeBuiltins, mainTree, rendererTree, relayTree, sandboxTree, serverKit),
  },
  {
    // Shared by every Node process: it may import only src/shared and Node packages.
    files: ['src/server-kit/**/*.ts'],
    rules: restrict(electron, mainTree, rendererTree, relayTree, sandboxTree),
  },
  {
    files: ['src/relay/**/*.ts'],
    rules: restrict(electron, mainTree, rendererTree, sandboxTree),
  },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: restrict(electron, mainTree, rendererTree, relayTree),
  },
)
