-- Run by tests/editors/test_neovim.py inside `nvim --headless` on a file with a finding: wait for the
-- server's diagnostics, replace the buffer with clean code, wait for them to clear, write both to $FASTLAYER_OUT.
local function dump()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get()) do
    table.insert(out, {
      file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':.'),
      lnum = d.lnum,
      col = d.col,
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
    })
  end
  table.sort(out, function(a, b) return a.file < b.file end)
  return out
end

local result = {}
result.found = vim.wait(60000, function() return #vim.diagnostic.get() >= 2 end, 50)
result.before = dump()
vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'X = 1' })
result.cleared = vim.wait(60000, function() return #vim.diagnostic.get() == 0 end, 50)
result.after = dump()
vim.fn.writefile({ vim.json.encode(result) }, vim.env.FASTLAYER_OUT)
vim.cmd('qa!')
