/**
 * The graph as one self-contained HTML page: inline SVG per view (the whole pipeline, then each group), a
 * small inline style and script, no request to anything when viewed, so it can be attached to a review or
 * opened in an air-gapped network. `preview` serves the same page and swaps `#app`'s content on updates.
 */
import { formatSite, sortIssues, type PipelineIssue } from "../issues";
import type { LaidOutView } from "./layout";
import type { PipelineGraph } from "./model";
import { GRAPH_STYLE, viewSvg, xml } from "./svg";

export interface PageInput {
  readonly title: string;
  readonly graph: PipelineGraph;
  /** The views in tab order: the whole pipeline (group undefined) first when there is no `--group`. */
  readonly views: readonly LaidOutView[];
  readonly issues: readonly PipelineIssue[];
  /** Where the problems' file names are relative to. */
  readonly cwd?: string;
  /** Why the file could not be loaded at all (preview then shows the last graph that loaded). */
  readonly error?: string;
}

/** The inner HTML of `#app`: tabs, problems, views and the job data the hover panel reads. */
export function appHtml(input: PageInput): string {
  const out: string[] = [];
  out.push(`<header><h1>${xml(input.title)}</h1>`);
  if (input.views.length > 1) {
    out.push(`<nav class="tabs" role="tablist" aria-label="groups">`);
    input.views.forEach((v, i) => {
      const name = v.group ?? "all";
      out.push(
        `<button type="button" role="tab" class="tab" data-view="${i}" data-group="${xml(v.group ?? "")}" aria-selected="${i === 0}">${xml(name)}</button>`,
      );
    });
    out.push(`</nav>`);
  }
  out.push(`</header>`);
  out.push(problemsHtml(input.issues, input.cwd, input.error));
  out.push(`<main>`);
  input.views.forEach((v, i) => {
    out.push(
      `<section class="view" data-view="${i}" data-group="${xml(v.group ?? "")}"${i === 0 ? "" : " hidden"}>${viewSvg(v, { idSuffix: `-${i}` })}</section>`,
    );
  });
  out.push(`</main>`);
  const jobs: Record<string, unknown> = {};
  for (const j of input.graph.jobs) jobs[j.name] = j.steps;
  // `<` is escaped so that no name can close the script element
  out.push(`<script type="application/json" id="pipegen-data">${JSON.stringify({ jobs }).replace(/</g, "\\u003c")}</script>`);
  return out.join("");
}

function problemsHtml(issues: readonly PipelineIssue[], cwd?: string, error?: string): string {
  if (issues.length === 0 && error === undefined) return `<section id="problems" class="problems" hidden></section>`;
  const errors = issues.filter((i) => i.severity === "error").length + (error === undefined ? 0 : 1);
  const warnings = issues.length - errors;
  const head = [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""]
    .filter(Boolean)
    .join(", ");
  const items = sortIssues(issues).map((i) => {
    const where = i.site ? `<span class="site">${xml(formatSite(i.site, cwd))}</span> ` : "";
    const path = i.path ? `<span class="path">${xml(i.path)}</span>: ` : "";
    const hint = i.hint ? ` <span class="hint">(${xml(i.hint)})</span>` : "";
    return `<li class="${i.severity}">${where}<span class="severity">${i.severity}</span> ${path}${xml(i.message)}${hint} <span class="code">[${xml(i.code)}]</span></li>`;
  });
  if (error !== undefined)
    items.unshift(`<li class="error load-error"><span class="severity">error</span> ${xml(error)} (the graph is the last one that loaded)</li>`);
  return `<section id="problems" class="problems"><h2>${head}</h2><ul>${items.join("")}</ul></section>`;
}

/** The whole page. `preview` adds the live-update client (server-sent events from the preview server). */
export function pageHtml(input: PageInput, options: { preview?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'${options.preview ? "; connect-src 'self'" : ""}">
<title>${xml(input.title)}</title>
<style>${PAGE_STYLE}${GRAPH_STYLE}</style></head>
<body${options.preview ? ' data-preview=""' : ""}><div id="app">${appHtml(input)}</div>
<div id="steps" class="steps" role="tooltip" hidden></div>
<script>${CLIENT_SCRIPT}</script></body></html>
`;
}

const PAGE_STYLE = `
body{margin:0;background:#3d3c3c;color:#e6e6e6;font:13px system-ui,sans-serif}
header{display:flex;flex-wrap:wrap;align-items:center;gap:12px;padding:8px 16px;background:#1e1d1d}
h1{font-size:15px;margin:0;font-weight:600}
.tabs{display:flex;flex-wrap:wrap;gap:4px}
.tab{background:#3d3c3c;color:#e6e6e6;border:1px solid #5a5a5a;padding:3px 10px;font:inherit;cursor:pointer}
.tab[aria-selected=true]{background:#e6e6e6;color:#1e1d1d}
.problems{margin:8px 16px;padding:6px 12px;background:#2a1a1a;border-left:4px solid #e74c3c}
.problems h2{font-size:13px;margin:4px 0}
.problems ul{margin:0;padding-left:18px;max-height:30vh;overflow:auto}
.problems li.warning{color:#f5c26b}.problems li.error{color:#ff9c8f}
.problems .site,.problems .code{font-family:ui-monospace,monospace;color:#d4d4d4}
main{overflow:auto}
.view svg{display:block}
.node.job{cursor:pointer;outline:none}
.node.job:hover rect,.node.job:focus rect,.node.job.pinned rect{stroke:#fff;stroke-width:2}
.steps{position:fixed;z-index:2;max-width:560px;background:#1e1d1d;border:1px solid #8a8a8a;padding:8px 10px;font:12px ui-monospace,monospace;white-space:pre-wrap;pointer-events:none}
.steps h3{margin:0 0 4px;font-size:12px}
.steps .detail{color:#9fc3e8}
`;

/** The page's script: tabs, the hover/click steps panel, and (in preview) live updates that keep the tab. */
const CLIENT_SCRIPT = `(function(){
"use strict";
var app=document.getElementById("app"),panel=document.getElementById("steps"),pinned=null;
function data(){var el=document.getElementById("pipegen-data");return el?JSON.parse(el.textContent):{jobs:{}};}
function show(i){
  var views=app.querySelectorAll("section.view"),tabs=app.querySelectorAll(".tab");
  for(var k=0;k<views.length;k++)views[k].hidden=views[k].getAttribute("data-view")!==String(i);
  for(k=0;k<tabs.length;k++)tabs[k].setAttribute("aria-selected",String(tabs[k].getAttribute("data-view")===String(i)));
  hide(true);
}
function current(){var t=app.querySelector('.tab[aria-selected="true"]');return t?t.getAttribute("data-group"):null;}
function hide(force){if(pinned&&!force)return;if(pinned)pinned.classList.remove("pinned");pinned=null;panel.hidden=true;}
function text(s){return document.createTextNode(s);}
function open(node){
  var name=node.getAttribute("data-name"),steps=data().jobs[name]||[];
  panel.textContent="";
  var h=document.createElement("h3");h.appendChild(text(name));panel.appendChild(h);
  for(var i=0;i<steps.length;i++){
    var s=steps[i],line=document.createElement("div");line.className="step "+s.kind;
    line.appendChild(text(new Array(s.depth+1).join("  ")+s.text));
    if(s.detail){var d=document.createElement("span");d.className="detail";d.appendChild(text("  "+s.detail));line.appendChild(d);}
    panel.appendChild(line);
  }
  if(!steps.length)panel.appendChild(text("(no steps)"));
  var r=node.getBoundingClientRect();panel.hidden=false;
  var x=Math.min(r.left,window.innerWidth-panel.offsetWidth-8),y=r.bottom+6;
  if(y+panel.offsetHeight>window.innerHeight)y=Math.max(4,r.top-panel.offsetHeight-6);
  panel.style.left=Math.max(4,x)+"px";panel.style.top=y+"px";
}
function jobOf(t){return t&&t.closest?t.closest(".node.job"):null;}
document.addEventListener("click",function(e){
  var tab=e.target.closest&&e.target.closest(".tab");
  if(tab){show(tab.getAttribute("data-view"));return;}
  var n=jobOf(e.target);
  if(n){if(pinned)pinned.classList.remove("pinned");pinned=n;n.classList.add("pinned");open(n);}else hide(true);
});
document.addEventListener("mouseover",function(e){var n=jobOf(e.target);if(n&&!pinned)open(n);});
document.addEventListener("mouseout",function(e){var n=jobOf(e.target);if(n&&!n.contains(e.relatedTarget))hide(false);});
document.addEventListener("focusin",function(e){var n=jobOf(e.target);if(n&&!pinned)open(n);});
document.addEventListener("focusout",function(e){if(jobOf(e.target))hide(false);});
document.addEventListener("keydown",function(e){if(e.key==="Escape")hide(true);});
if(document.body.hasAttribute("data-preview")&&window.EventSource){
  var es=new EventSource("/events");
  es.addEventListener("update",function(){
    fetch("/app",{cache:"no-store"}).then(function(r){return r.text();}).then(function(html){
      var group=current();hide(true);app.innerHTML=html;
      var tabs=app.querySelectorAll(".tab");
      for(var k=0;k<tabs.length;k++)if(tabs[k].getAttribute("data-group")===group){show(tabs[k].getAttribute("data-view"));break;}
      document.body.setAttribute("data-version",String(Number(document.body.getAttribute("data-version")||0)+1));
    });
  });
}
document.body.setAttribute("data-ready","");
})();`;
