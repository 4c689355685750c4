/// The only script on staff pages: it sends the import form with XMLHttpRequest so that a progress bar can
/// show the upload. Without it the form still works as an ordinary upload.
public enum UploadScript {
    public static let javascript = """
        (function () {
          var form = document.getElementById('crime-upload');
          if (!form || !window.XMLHttpRequest || !window.FormData) return;
          var bar = document.getElementById('upload-progress');
          var status = document.getElementById('upload-status');
          form.addEventListener('submit', function (event) {
            var file = form.querySelector('input[type=file]');
            if (!file || !file.files || file.files.length === 0) return; // let the server explain
            event.preventDefault();
            var button = form.querySelector('button[type=submit]');
            if (button) button.disabled = true;
            bar.hidden = false;
            status.textContent = 'Uploading…';
            var request = new XMLHttpRequest();
            request.open('POST', form.action);
            request.upload.addEventListener('progress', function (e) {
              if (!e.lengthComputable) return;
              var percent = Math.round(e.loaded * 100 / e.total);
              bar.value = percent;
              status.textContent = percent < 100 ? 'Uploading: ' + percent + '%' : 'Uploaded. Checking and importing the rows…';
            });
            request.addEventListener('load', function () {
              if (request.responseURL && request.responseURL !== form.action) {
                window.location.assign(request.responseURL);
              } else {
                document.open(); document.write(request.responseText); document.close();
              }
            });
            request.addEventListener('error', function () {
              status.textContent = 'The upload failed. Check your connection and try again.';
              if (button) button.disabled = false;
            });
            request.send(new FormData(form));
          });
        })();
        """
}
