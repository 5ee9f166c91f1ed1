// The suggested post: a live count as X counts it, a copy button, and the share
// buttons kept on the text being edited (templates/campaigns/_post_on.html).
// The weights mirror campaigns.compose.x_weighted_length: Latin and most punctuation
// weigh 1, CJK and most other scripts 2, every link 23; the limit is 280.
// The share links are built as campaigns.sharing builds them: each button's data-base
// followed by the text, whole (data-whole) or without the profile link, which those
// platforms (Telegram, Weibo) take in a parameter of their own.
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

  var section = area.closest("[data-post-on]");
  var profile = section ? section.dataset.link : "";

  function relink() {
    var whole = area.value.trim();
    var body = profile ? whole.split(profile).join("").replace(/\s+$/, "") : whole;
    section.querySelectorAll("[data-share]").forEach(function (link) {
      var text = link.hasAttribute("data-whole") ? whole : body;
      link.href = link.dataset.base + encodeURIComponent(text);
    });
  }

  function update() {
    var n = weight(area.value);
    counter.textContent = String(n);
    counter.classList.toggle("over", n > limit);
    if (section) {
      relink();
    }
  }
  area.addEventListener("input", update);
  update();

  // "Use this text": the chosen suggestion goes into the box, and the buttons follow it.
  document.querySelectorAll("[data-choose]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      area.value = button.closest("[data-text]").dataset.text;
      update();
      area.focus();
      area.scrollIntoView({ block: "center" });
    });
  });

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
