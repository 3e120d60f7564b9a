// The review page: posts the pasted article(s) to this service and shows the quotes in place.
// Everything the page shows comes from the API's JSON; text is inserted as text, never HTML.
(function () {
  "use strict";

  var form = document.getElementById("review-form");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  var actsError = document.getElementById("acts-error");
  var ACTS = ["speech", "thought", "intention", "evidence"];  // the API's, in its order
  var PALETTE = 8;  // speaker colours: .spk-0 ... .spk-7 in review.css
  var ALARM_NAMES = {
    misquote: "Misquote: the words inside quotation marks changed",
    misattribution: "Misattribution: the quote moved to another speaker",
    paraphrase_to_quote: "Paraphrase became a quote",
    quote_to_paraphrase: "Quote became a paraphrase",
    fact_changed: "Fact changed: a name, number, date or negation in what was reported"
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; }
      else if (name === "className") { node.className = attrs[name]; }
      else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function post(url, body) {
    return fetch(url, {method: "POST", headers: {"Content-Type": "application/json",
                                                 "Accept": "application/json"},
                       body: JSON.stringify(body)})
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          if (!response.ok) {
            var error = new Error((data && data.detail) || ("The service answered " +
                                                            response.status + "."));
            error.fields = data && data.errors;
            throw error;
          }
          return data;
        });
      });
  }

  function speakerClasses(analysis) {
    var classes = {};
    analysis.speakers.forEach(function (entity, index) {
      classes[entity.entity_id] = "spk-" + (index % PALETTE);
    });
    return classes;
  }

  // Intervals of every quote's pieces, properly nested (a piece that crosses the end of the
  // one it starts in is cut there), so that they can be rendered as nested <mark>s.
  function renderText(side, text, analysis, pairedWith, altered, factWords) {
    var classes = speakerClasses(analysis);
    var pieces = [];
    analysis.quotes.forEach(function (quote) {
      quote.spans.forEach(function (span, index) {
        pieces.push({quote: quote, start: span.start, end: span.end, first: index === 0,
                     floating: span.floating, confidence: span.confidence});
      });
    });
    pieces.sort(function (x, y) { return x.start - y.start || y.end - x.end; });
    // Offsets count code points (Python's), not JavaScript's UTF-16 units.
    var chars = Array.from(text);
    function cut(from, to) { return chars.slice(from, to).join(""); }
    // The words of a changed fact are wrapped, where they are, in <span class="fact-word">.
    var words = (factWords || []).slice().sort(function (x, y) { return x.start - y.start; });
    function appendText(node, from, to) {
      words.forEach(function (word) {
        var start = Math.max(word.start, from), end = Math.min(word.end, to);
        if (end <= start) { return; }
        if (from < start) { node.appendChild(document.createTextNode(cut(from, start))); }
        var attrs = {className: "fact-word", "data-fact-kind": word.kind, title: word.title};
        if (word.id && start === word.start) { attrs.id = word.id; }
        node.appendChild(el("span", attrs, [cut(start, end)]));
        from = end;
      });
      if (from < to) { node.appendChild(document.createTextNode(cut(from, to))); }
    }
    var root = el("div", {className: "article-text"});
    var stack = [{node: root, end: chars.length}];
    var at = 0;
    function close(upTo) {
      while (stack.length > 1 && stack[stack.length - 1].end <= upTo) {
        var top = stack.pop();
        if (at < top.end) { appendText(top.node, at, top.end); at = top.end; }
      }
    }
    pieces.forEach(function (piece) {
      close(piece.start);
      var parent = stack[stack.length - 1];
      var start = Math.max(piece.start, at);
      var end = Math.min(piece.end, parent.end);
      if (end <= start) { return; }
      if (at < start) { appendText(parent.node, at, start); }
      at = start;
      var quote = piece.quote;
      var speaker = quote.speaker;
      var cls = "quote " + ((speaker && classes[speaker.entity_id]) || "spk-none");
      if (altered[quote.id]) { cls += " altered"; }
      if (pairedWith[quote.id] === undefined) { cls += " unpaired"; }
      if (piece.floating) { cls += " floating"; }
      var label = quote.id + ": " + (speaker ? speaker.name : "no speaker") +
                  (quote.cue ? " (" + quote.cue.text + ")" : "") + ", " + quote.type +
                  ", " + quote.act +
                  (piece.floating ? ", floating quotation (no cue of its own; confidence " +
                                    Math.round(piece.confidence * 100) + "%)" : "");
      var attrs = {className: cls, "data-quote-id": quote.id, "data-side": side,
                   "data-act": quote.act, tabindex: "0", title: label, "aria-label": label};
      if (piece.first) { attrs.id = side + "-" + quote.id; }
      var mark = el("mark", attrs);
      parent.node.appendChild(mark);
      stack.push({node: mark, end: end});
    });
    close(chars.length + 1);
    if (at < chars.length) { appendText(root, at, chars.length); }
    return root;
  }

  function quoteList(side, analysis, pairedWith, otherSide) {
    var classes = speakerClasses(analysis);
    var list = el("ol", {className: "quote-list"});
    analysis.quotes.forEach(function (quote) {
      var speaker = quote.speaker;
      var item = el("li", {className: "quote-item", "data-for": quote.id, "data-act": quote.act});
      item.appendChild(el("a", {href: "#" + side + "-" + quote.id, className: "swatch " +
                                ((speaker && classes[speaker.entity_id]) || "spk-none"),
                                text: quote.id}));
      var facts = el("dl");
      function fact(name, value) {
        facts.appendChild(el("dt", {text: name}));
        facts.appendChild(typeof value === "string" ? el("dd", {text: value}) : el("dd", {}, [value]));
      }
      fact("speaker", speaker ? speaker.name + (speaker.mention !== speaker.name ?
                                                " (“" + speaker.mention + "”)" : "") : "none");
      fact("cue", quote.cue ? quote.cue.text : "none");
      fact("type", quote.type);
      fact("act", el("span", {className: "act", "data-act": quote.act, text: quote.act}));
      fact("stance", quote.stance.label);
      fact("nesting", quote.parent_id ? "inside " + quote.parent_id : "top level");
      item.appendChild(facts);
      if (otherSide) {
        var partner = pairedWith[quote.id];
        item.appendChild(partner === undefined
          ? el("p", {className: "only", text: "Only in version " + side.toUpperCase() + "."})
          : el("p", {}, ["Paired with ", el("a", {href: "#" + otherSide + "-" + partner,
                                                   text: otherSide.toUpperCase() + " " + partner})]));
      }
      list.appendChild(item);
    });
    return list;
  }

  function column(side, title, text, analysis, pairedWith, altered, otherSide, factWords) {
    return el("section", {className: "version", "aria-label": title}, [
      el("h2", {text: title + " (" + analysis.quotes.length + " quotes)"}),
      renderText(side, text, analysis, pairedWith, altered, factWords),
      el("h3", {text: "Quotes"}),
      quoteList(side, analysis, pairedWith, otherSide)
    ]);
  }

  function alarmList(alarms) {
    var box = el("section", {className: "alarms", "aria-label": "Alarms"});
    box.appendChild(el("h2", {text: alarms.length ? "Alarms (" + alarms.length + ")" : "No alarms"}));
    var list = el("ul");
    alarms.forEach(function (alarm) {
      var refs = [];
      if (alarm.a) { refs.push(el("a", {href: "#a-" + alarm.a, text: "A " + alarm.a})); }
      if (alarm.a && alarm.b) { refs.push(" ↔ "); }
      if (alarm.b) { refs.push(el("a", {href: "#b-" + alarm.b, text: "B " + alarm.b})); }
      var item = el("li", {className: "alarm", "data-alarm": alarm.kind}, [
        el("strong", {text: ALARM_NAMES[alarm.kind] || alarm.kind}), " ",
      ].concat(refs, [": " + alarm.detail]));
      if (alarm.facts && alarm.facts.length) {
        var facts = el("ul", {className: "facts"});
        alarm.facts.forEach(function (fact) {
          facts.appendChild(el("li", {className: "fact", "data-fact-kind": fact.kind}, [
            fact.kind + ": ",
            el("a", {href: "#" + fact.anchorA, className: "fact-old"}, [el("del", {text: fact.a})]),
            " → ",
            el("a", {href: "#" + fact.anchorB, className: "fact-new"}, [el("ins", {text: fact.b})])
          ]));
        });
        item.appendChild(facts);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  // The words of each changed fact, in each version, to be highlighted where they stand;
  // each fact's first words get an id its line in the alarm list links to.
  function factWordsOf(alarms) {
    var words = {a: [], b: []}, n = 0;
    alarms.forEach(function (alarm) {
      (alarm.facts || []).forEach(function (fact) {
        n += 1;
        fact.anchorA = "fact-" + n + "-a";
        fact.anchorB = "fact-" + n + "-b";
        var title = "Fact changed (" + fact.kind + "): " + fact.a + " → " + fact.b;
        fact.a_spans.forEach(function (span, i) {
          words.a.push({start: span.start, end: span.end, kind: fact.kind, title: title,
                        id: i === 0 ? fact.anchorA : null});
        });
        fact.b_spans.forEach(function (span, i) {
          words.b.push({start: span.start, end: span.end, kind: fact.kind, title: title,
                        id: i === 0 ? fact.anchorB : null});
        });
      });
    });
    return words;
  }

  function pairTable(pairs) {
    var table = el("table", {className: "pairs"});
    table.appendChild(el("caption", {text: "Paired quotes"}));
    table.appendChild(el("tr", {}, ["A", "B", "Quoted words", "Changes", "Diff"].map(function (h) {
      return el("th", {scope: "col", text: h});
    })));
    pairs.forEach(function (pair) {
      var diff = el("td", {className: "diff"});
      pair.diff.forEach(function (op) {
        if (op.op === "equal") { diff.appendChild(document.createTextNode(op.a + " ")); return; }
        if (op.a) { diff.appendChild(el("del", {text: op.a})); }
        if (op.b) { diff.appendChild(el("ins", {text: op.b})); }
        diff.appendChild(document.createTextNode(" "));
      });
      table.appendChild(el("tr", {className: pair.quoted_words === "altered" ? "altered" : ""}, [
        el("td", {}, [el("a", {href: "#a-" + pair.a, text: pair.a})]),
        el("td", {}, [el("a", {href: "#b-" + pair.b, text: pair.b})]),
        el("td", {text: pair.quoted_words || "not quoted in both"}),
        el("td", {text: pair.changes.map(function (c) {
          return c.field === "wording" ? "wording" : c.field + ": " + c.a + " → " + c.b;
        }).join("; ") || "none"}),
        diff
      ]));
    });
    return table;
  }

  function showError(error) {
    var box = el("div", {className: "error", role: "alert"}, [
      el("strong", {text: "The service could not analyse this: "}), error.message]);
    if (error.fields) {
      var list = el("ul");
      Object.keys(error.fields).forEach(function (name) {
        list.appendChild(el("li", {text: name + ": " + error.fields[name].join(" ")}));
      });
      box.appendChild(list);
    }
    results.replaceChildren(box);
  }

  // Focusing or clicking a quote lights up its partner in the other version.
  function linkPartners(pairs) {
    var partner = {};
    pairs.forEach(function (pair) { partner["a-" + pair.a] = "b-" + pair.b; partner["b-" + pair.b] = "a-" + pair.a; });
    function light(event) {
      var mark = event.target.closest("mark[data-quote-id]");
      results.querySelectorAll(".linked").forEach(function (node) { node.classList.remove("linked"); });
      if (!mark) { return; }
      var key = mark.getAttribute("data-side") + "-" + mark.getAttribute("data-quote-id");
      mark.classList.add("linked");
      var other = partner[key] && document.getElementById(partner[key]);
      if (other) {
        other.classList.add("linked");
        if (event.type === "keydown") { other.scrollIntoView({block: "nearest"}); }
      }
    }
    results.addEventListener("focusin", light);
    results.addEventListener("click", light);
    results.addEventListener("keydown", function (event) { if (event.key === "Enter") { light(event); } });
  }

  // The acts checked, in the API's order; all four keep every record, as before the filter.
  function checkedActs() {
    return ACTS.filter(function (act) {
      return form.querySelector('input[name="acts"][value="' + act + '"]').checked;
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "acts" && checkedActs().length) {
      actsError.hidden = true;
      actsError.textContent = "";
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var a = form.elements.a.value, b = form.elements.b.value;
    var acts = checkedActs();
    if (!acts.length) {
      actsError.textContent = "Check at least one of speech, thought, intention and evidence: " +
                              "with none checked there is nothing to show.";
      actsError.hidden = false;
      status.textContent = "";
      form.querySelector('input[name="acts"]').focus();
      return;
    }
    actsError.hidden = true;
    actsError.textContent = "";
    var only = acts.length < ACTS.length ? " Showing " + acts.join(", ") + " only." : "";
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "Analysing…";
    var comparing = b.trim() !== "";
    var request = comparing
      ? post(form.getAttribute("data-compare-url"), {a: {text: a}, b: {text: b}, acts: acts})
      : post(form.getAttribute("data-quotes-url"), {text: a, acts: acts});
    request.then(function (data) {
      var content = [];
      if (comparing) {
        var pairedA = {}, pairedB = {}, alteredA = {}, alteredB = {};
        data.pairs.forEach(function (pair) {
          pairedA[pair.a] = pair.b; pairedB[pair.b] = pair.a;
          if (pair.quoted_words === "altered") { alteredA[pair.a] = true; alteredB[pair.b] = true; }
        });
        var factWords = factWordsOf(data.alarms);
        content.push(alarmList(data.alarms));
        content.push(el("div", {className: "versions"}, [
          column("a", "Version A", a, data.a, pairedA, alteredA, "b", factWords.a),
          column("b", "Version B", b, data.b, pairedB, alteredB, "a", factWords.b)]));
        content.push(pairTable(data.pairs));
        linkPartners(data.pairs);
      } else {
        content.push(el("div", {className: "versions single"}, [
          column("a", "Article", a, data, {}, {}, null)]));
      }
      results.replaceChildren.apply(results, content);
      status.textContent = comparing
        ? data.pairs.length + " pairs, " + data.alarms.length + " alarms."
        : data.quotes.length + " quotes.";
      status.textContent += only;
      results.focus();
    }).catch(function (error) {
      status.textContent = "";
      showError(error);
    }).then(function () { button.disabled = false; });
  });
}());
