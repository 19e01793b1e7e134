// Starts `archlint lsp` for .arch files and Markdown design docs (archlint blocks).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("archlint").get("command");
  client = new LanguageClient(
    "archlint",
    "archlint",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "archlint" },
        { scheme: "file", language: "markdown" },
      ],
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
