/* 书香政协 site search: the Web Worker Material's search box talks to (see engine.js). */
importScripts("engine.js");

var handle = self.ShuxiangSearch.createHandler({ fileUrls: false }, function (reply) { postMessage(reply); });
addEventListener("message", function (ev) {
  handle(ev.data).forEach(function (reply) { postMessage(reply); });
});
