// Test fixture: takes the folder lock in a process of its own, says so, and holds it until killed.
import { lockDirectory } from '../sqlite/dir-lock'

const dir = process.argv[2]
if (!dir) throw new Error('usage: hold-dir-lock.ts <folder>')
lockDirectory(dir, { what: 'a test holder', product: 'The test app', elsewhere: 'use another' })
process.stdout.write('LOCKED\n')
setInterval(() => undefined, 60_000)
