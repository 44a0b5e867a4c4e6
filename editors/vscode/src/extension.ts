// Starts `fastlayer server` (stdio) for the Python files of the workspace; the server publishes
// diagnostics, quick fixes (suppress on the line, open the rule's page) and hovers.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const settings = vscode.workspace.getConfiguration("fastlayer");
  const command = expand(settings.get<string>("path") || "fastlayer");
  const args = settings.get<string[]>("args") ?? ["server"];
  return { command, args };
}

/** `${workspaceFolder}` at the start of the path is the first workspace folder. */
function expand(path: string): string {
  const variable = "${workspaceFolder}";
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return folder !== undefined && path.startsWith(variable) ? folder + path.slice(variable.length) : path;
}

function clientOptions(): LanguageClientOptions {
  const settings = vscode.workspace.getConfiguration("fastlayer");
  const ruleDocsUrl = settings.get<string>("ruleDocsUrl") || undefined;
  return {
    documentSelector: [{ scheme: "file", language: "python" }],
    initializationOptions: ruleDocsUrl ? { ruleDocsUrl } : {},
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.py,pyproject.toml,fastlayer.toml,.env*}"),
    },
  };
}

async function start(): Promise<void> {
  client = new LanguageClient("fastlayer", "fastlayer", serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (error) {
    const { command } = serverOptions() as { command: string };
    void vscode.window.showErrorMessage(
      `fastlayer: cannot start \`${command}\` (${String(error)}); set fastlayer.path to the executable.`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined && running.isRunning()) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("fastlayer.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("fastlayer")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

export function deactivate(): Promise<void> {
  return stop();
}
