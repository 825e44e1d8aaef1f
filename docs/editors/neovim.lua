-- tf1lint's language server in Neovim 0.11 and later; put it in init.lua.
vim.lsp.config("tf1lint", {
  cmd = { "tf1lint", "server" },
  filetypes = { "python" },
  root_markers = { "pyproject.toml", ".git" },
})
vim.lsp.enable("tf1lint")
