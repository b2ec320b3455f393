// A minimal VS Code extension: starts `ami-lint server` for the languages of
// package.json's activation events and lets vscode-languageclient do the rest
// (diagnostics, quick fixes, "Fix all" on save, hover). Build it with
// `npm install && npx @vscode/vsce package`, install the .vsix it writes.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

const LANGUAGES = require("./package.json").activationEvents.map((event) => event.replace("onLanguage:", ""));

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("ami-lint").get("path", "ami-lint");
  const server = { command, args: ["server"] };
  const options = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    synchronize: {
      // The configuration is read again when one changes.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{.ami-lint.yaml,pyproject.toml}"),
    },
  };
  client = new LanguageClient("ami-lint", "ami-lint", server, options);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
