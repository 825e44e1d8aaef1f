;; tf1lint's language server with eglot (Emacs 29+), in init.el.
;; eglot runs one server per major mode: this makes tf1lint the Python server.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((python-mode python-ts-mode) . ("tf1lint" "server"))))
(add-hook 'python-mode-hook #'eglot-ensure)
(add-hook 'python-ts-mode-hook #'eglot-ensure)
