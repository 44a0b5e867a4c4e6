// Starts `fastlayer server` (stdio) for the Python files of the workspace; the server publishes
// diagnostics, quick fixes (suppress on the line, open the rule's page) and hovers.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const settings = vscode.workspace.getConfiguration("fastlayer");
  const command = settings.get<string>("path") || "fastlayer";
  return { command, args: ["server"] };
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
  await client.start();
}

async function stop(): Promise<void> {
  if (client !== undefined) {
    await client.stop();
    client = undefined;
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
