// The video room: preview, then a peer-to-peer call with the other party.
//
// The server only introduces the two browsers (consultations.consumers): offers, answers and ICE
// candidates go through the WebSocket, the media goes directly between the browsers, encrypted by
// WebRTC. The practitioner's browser makes the offers and the person's answers, so the two never
// offer at once. A lost network restarts ICE; a lost socket reconnects with the same page id and
// takes its place back.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("room-config").textContent);
  var t = JSON.parse(document.getElementById("room-strings").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var statusLine = $("room-status");
  var offers = config.role === "practitioner";
  var clientId = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Math.random()).slice(2);

  var localStream = null;
  var pc = null;
  var callId = null;          // the practitioner's current peer connection
  var pendingCandidates = [];
  var ws = null;
  var joined = false;         // the person asked to join (the socket may come and go)
  var ended = false;
  var heartbeat = null;
  var restartTimer = null;
  var reconnectDelay = 1000;
  var refusedInARow = 0;

  function say(key) {
    statusLine.textContent = t[key];
    statusLine.dataset.state = key;
  }

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  // --- Camera and microphone ------------------------------------------------------------------

  function fill(select, devices, currentId) {
    select.textContent = "";
    devices.forEach(function (device, index) {
      var option = document.createElement("option");
      option.value = device.deviceId;
      option.textContent = device.label || (select.id === "room-camera-select" ? t.camera : t.mic) + " " + (index + 1);
      option.selected = device.deviceId === currentId;
      select.appendChild(option);
    });
  }

  function trackDevice(kind) {
    var track = localStream && localStream.getTracks().filter(function (tr) { return tr.kind === kind; })[0];
    return track && track.getSettings ? track.getSettings().deviceId : "";
  }

  function listDevices() {
    return navigator.mediaDevices.enumerateDevices().then(function (devices) {
      fill($("room-camera-select"), devices.filter(function (d) { return d.kind === "videoinput"; }), trackDevice("video"));
      fill($("room-mic-select"), devices.filter(function (d) { return d.kind === "audioinput"; }), trackDevice("audio"));
    });
  }

  function startMedia(cameraId, micId) {
    var constraints = {
      video: cameraId ? { deviceId: { exact: cameraId } } : true,
      audio: micId ? { deviceId: { exact: micId } } : true,
    };
    return navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      var old = localStream;
      localStream = stream;
      applyToggles();
      $("room-local-video").srcObject = stream;
      if (pc) {  // switch devices during the call without renegotiating
        pc.getSenders().forEach(function (sender) {
          var track = sender.track && stream.getTracks().filter(function (tr) { return tr.kind === sender.track.kind; })[0];
          if (track) sender.replaceTrack(track);
        });
      }
      if (old) old.getTracks().forEach(function (track) { track.stop(); });
      ["room-join", "room-mute", "room-camera"].forEach(function (id) { $(id).disabled = false; });
      if (!joined) say("ready");
      return listDevices();
    }).catch(function () { say("noMedia"); });
  }

  function applyToggles() {
    if (!localStream) return;
    var micOff = $("room-mute").getAttribute("aria-pressed") === "true";
    var cameraOff = $("room-camera").getAttribute("aria-pressed") === "true";
    localStream.getAudioTracks().forEach(function (track) { track.enabled = !micOff; });
    localStream.getVideoTracks().forEach(function (track) { track.enabled = !cameraOff; });
  }

  function toggle(button) {
    button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
    applyToggles();
  }

  // --- Peer connection ------------------------------------------------------------------------

  function newPeerConnection(id) {
    hangUp();
    callId = id;
    pc = new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy || "all" });
    window.psyconsultRoom.peerConnection = pc;
    localStream.getTracks().forEach(function (track) { pc.addTrack(track, localStream); });
    pc.onicecandidate = function (event) {
      if (event.candidate) send({ type: "signal", data: { call: callId, candidate: event.candidate.toJSON() } });
    };
    pc.ontrack = function (event) { $("room-remote-video").srcObject = event.streams[0]; };
    var current = pc;
    pc.onconnectionstatechange = function () {
      if (current !== pc) return;
      var state = pc.connectionState;
      if (state === "connected") {
        window.clearTimeout(restartTimer);
        say("connected");
      } else if (state === "disconnected" || state === "failed") {
        say("reconnecting");
        scheduleRestart(state === "failed" ? 0 : 3000);
      }
    };
  }

  function hangUp() {
    window.clearTimeout(restartTimer);
    if (pc) pc.close();
    pc = null;
    callId = null;
    pendingCandidates = [];
    $("room-remote-video").srcObject = null;
  }

  function offer(iceRestart) {
    return pc.createOffer({ iceRestart: !!iceRestart }).then(function (description) {
      return pc.setLocalDescription(description);
    }).then(function () {
      send({ type: "signal", data: { call: callId, description: pc.localDescription.toJSON() } });
    });
  }

  function scheduleRestart(delay) {
    window.clearTimeout(restartTimer);
    restartTimer = window.setTimeout(function () {
      if (!pc || pc.connectionState === "connected") return;
      if (offers) offer(true);
      else send({ type: "signal", data: { call: callId, restart: true } });
    }, delay);
  }

  function startCall() {
    // Only a socket came back: the media never stopped, keep the call.
    if (pc && pc.connectionState === "connected") { say("connected"); return; }
    say("connecting");
    if (!offers) return;  // the person's browser answers the practitioner's offer
    newPeerConnection(String(Date.now()) + Math.random().toString(16).slice(2));
    offer(false);
  }

  function addCandidate(candidate) {
    if (!pc.remoteDescription) { pendingCandidates.push(candidate); return; }
    pc.addIceCandidate(candidate).catch(function () {});
  }

  function onSignal(data) {
    if (!offers && data.description && data.description.type === "offer") {
      if (!pc || data.call !== callId) newPeerConnection(data.call);
      pc.setRemoteDescription(data.description).then(function () {
        pendingCandidates.splice(0).forEach(addCandidate);
        return pc.setLocalDescription();
      }).then(function () {
        send({ type: "signal", data: { call: callId, description: pc.localDescription.toJSON() } });
      });
      return;
    }
    if (!pc || data.call !== callId) return;  // a call that has been replaced
    if (offers && data.description && data.description.type === "answer") {
      pc.setRemoteDescription(data.description).then(function () {
        pendingCandidates.splice(0).forEach(addCandidate);
      });
    } else if (offers && data.restart) {
      offer(true);
    } else if (data.candidate) {
      addCandidate(data.candidate);
    }
  }

  // --- Signalling socket ----------------------------------------------------------------------

  function connect(takeover) {
    var welcomed = false;
    say("joining");
    ws = new WebSocket(config.websocketUrl + "?client=" + encodeURIComponent(clientId) + (takeover ? "&takeover=1" : ""));
    ws.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "welcome") { welcomed = true; onWelcome(message); }
      else if (message.type === "peer") onPeer(message.present);
      else if (message.type === "signal") onSignal(message.data);
      else if (message.type === "chat") addChat(t.peer, message.text);
    };
    ws.onclose = function (event) {
      window.clearInterval(heartbeat);
      setChat(false);
      if (ended) return;
      if (event.code === 4000) return closeRoom();
      if (event.code === 4001) return replaced();
      if (event.code === 4009) { $("room-busy").hidden = false; say("busy"); return; }
      refusedInARow = welcomed ? 0 : refusedInARow + 1;
      // Refused three times: the page itself says whether the room is still open.
      if (refusedInARow >= 3) { window.location.reload(); return; }
      say(pc && pc.connectionState === "connected" ? "connected" : "reconnecting");
      window.setTimeout(function () { connect(false); }, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 10000);
    };
  }

  function onWelcome(message) {
    reconnectDelay = 1000;
    $("room-busy").hidden = true;
    setChat(true);
    heartbeat = window.setInterval(function () { send({ type: "ping" }); }, message.heartbeat_seconds * 1000);
    if (message.peer_present) startCall();
    else if (!(pc && pc.connectionState === "connected")) say("waitingPeer");
  }

  function onPeer(present) {
    if (present) { startCall(); return; }
    hangUp();
    say("waitingPeer");
  }

  function closeRoom() {
    ended = true;
    hangUp();
    say("closed");
    window.setTimeout(function () { window.location.reload(); }, 1500);
  }

  function replaced() {
    ended = true;
    hangUp();
    say("replaced");
  }

  function leave() {
    ended = true;
    if (ws) ws.close(1000);
    hangUp();
    if (localStream) localStream.getTracks().forEach(function (track) { track.stop(); });
    window.location.href = config.leaveUrl;
  }

  // --- Chat (never stored) --------------------------------------------------------------------

  function setChat(enabled) {
    $("room-chat-input").disabled = !enabled;
    $("room-chat-form").querySelector("button").disabled = !enabled;
  }

  function addChat(who, text) {
    var item = document.createElement("li");
    var name = document.createElement("strong");
    name.textContent = who + " : ";
    item.appendChild(name);
    item.appendChild(document.createTextNode(text));
    $("room-chat-log").appendChild(item);
  }

  // --- Wiring ---------------------------------------------------------------------------------

  window.psyconsultRoom = { peerConnection: null };
  $("room-join").addEventListener("click", function () {
    joined = true;
    this.hidden = true;  // in the call: the controls that are left are mute, camera, leave
    connect(false);
  });
  $("room-takeover").addEventListener("click", function () { connect(true); });
  $("room-mute").addEventListener("click", function () { toggle(this); });
  $("room-camera").addEventListener("click", function () { toggle(this); });
  $("room-leave").addEventListener("click", leave);
  $("room-camera-select").addEventListener("change", function () { startMedia(this.value, $("room-mic-select").value); });
  $("room-mic-select").addEventListener("change", function () { startMedia($("room-camera-select").value, this.value); });
  $("room-chat-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = $("room-chat-input");
    var text = input.value.trim();
    if (!text) return;
    send({ type: "chat", text: text });
    addChat(t.you, text);
    input.value = "";
  });
  // The network changed (Wi-Fi to mobile data…): look for a new path at once.
  window.addEventListener("online", function () { if (pc) scheduleRestart(0); });

  if (!navigator.mediaDevices || !window.RTCPeerConnection) { say("noMedia"); return; }
  startMedia("", "");
})();
