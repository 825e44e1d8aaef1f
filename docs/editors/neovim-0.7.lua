-- tf1lint's language server in Neovim 0.7 to 0.10 (vim.lsp.start_client); put it in init.lua.
-- One server for the session, attached to every Python buffer.
local tf1lint_client_id = nil

vim.api.nvim_create_autocmd("FileType", {
  pattern = "python",
  callback = function(args)
    if tf1lint_client_id == nil then
      tf1lint_client_id = vim.lsp.start_client({
        name = "tf1lint",
        cmd = { "tf1lint", "server" },
        root_dir = vim.fn.getcwd(),
      })
    end
    vim.lsp.buf_attach_client(args.buf, tf1lint_client_id)
  end,
})
