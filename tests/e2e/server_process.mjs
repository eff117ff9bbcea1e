// Starts the server binary for end-to-end tests: over stdio through the SDK's transport, or
// over Streamable HTTP on a free port, read from its "http listening" log line.
import { spawn } from 'node:child_process';

export function startHttpServer(binary, env, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--http', '127.0.0.1:0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 10000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /"msg":"http listening".*"port":(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}/cats-contacts`, child,
                  stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
}
