// The suggested post: a live count as X counts it, and a copy button.
// The weights mirror campaigns.services.x_weighted_length: Latin and most punctuation
// weigh 1, CJK and most other scripts 2, every link 23; the limit is 280.
(function () {
  "use strict";

  var LIGHT = [[0x0000, 0x10ff], [0x2000, 0x200d], [0x2010, 0x201f], [0x2032, 0x2037]];
  var LINK = /https?:\/\/\S+/gi;
  var LINK_WEIGHT = 23;

  function weight(text) {
    var links = text.match(LINK) || [];
    var rest = text.replace(LINK, "");
    var total = LINK_WEIGHT * links.length;
    for (var ch of rest) {
      var code = ch.codePointAt(0);
      var light = LIGHT.some(function (range) {
        return code >= range[0] && code <= range[1];
      });
      total += light ? 1 : 2;
    }
    return total;
  }

  var area = document.getElementById("suggested-post");
  if (!area) {
    return;
  }
  var counter = document.querySelector("[data-x-count]");
  var limit = parseInt(area.dataset.limit, 10) || 280;

  function update() {
    var n = weight(area.value);
    counter.textContent = String(n);
    counter.classList.toggle("over", n > limit);
  }
  area.addEventListener("input", update);
  update();

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var label = button.textContent;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.dataset.copyTarget);
      var done = function () {
        button.textContent = button.dataset.copied || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done, function () {
          target.select();
        });
      } else {
        target.select();
        document.execCommand("copy");
        done();
      }
    });
  });
})();
