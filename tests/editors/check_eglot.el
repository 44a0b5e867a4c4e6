;;; Run by tests/editors/test_eglot.py in `emacs --batch` after the documented eglot configuration: open
;;; $FASTLAYER_FILE, start eglot as `eglot-ensure' would, wait for flymake's diagnostics from the server,
;;; replace the buffer with clean code, wait for them to clear, write both to $FASTLAYER_OUT.

(defun fastlayer-test--wait (predicate)
  (let ((deadline (+ (float-time) 60)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (and (funcall predicate) t)))

(defun fastlayer-test--dump ()
  (vconcat (mapcar (lambda (diagnostic)
                     (vector (line-number-at-pos (flymake-diagnostic-beg diagnostic))
                             (symbol-name (flymake-diagnostic-type diagnostic))
                             (flymake-diagnostic-text diagnostic)))
                   (flymake-diagnostics))))

(require 'json)

(find-file (getenv "FASTLAYER_FILE"))
(run-hooks 'post-command-hook)  ; `eglot-ensure' connects from there, after the command that opened the file
(let* ((found (fastlayer-test--wait #'flymake-diagnostics))
       (before (fastlayer-test--dump)))
  (erase-buffer)
  (insert "X = 1\n")
  (run-hooks 'post-command-hook)
  (let ((cleared (fastlayer-test--wait (lambda () (null (flymake-diagnostics))))))
    (with-temp-file (getenv "FASTLAYER_OUT")
      (insert (json-encode (list :found (if found t :json-false) :before before
                                 :cleared (if cleared t :json-false) :after (fastlayer-test--dump)))))))
(kill-emacs 0)
