// One pipeline that configures the others: `set_pipeline` across a list of teams, with a `load_var` version.
import { get, git, job, loadVar, pipeline, setPipeline, v } from "pipegen";

const ci = git("ci", { uri: "https://github.com/acme/ci.git", branch: "main" });

export default pipeline({
  jobs: [
    job("set-pipelines", {
      plan: [
        get(ci, { trigger: true }),
        setPipeline("self", { file: "ci/pipelines/meta.yml" }),
        loadVar("release", { file: "ci/release-version", reveal: true }),
        setPipeline("app-((.:team))", {
          across: [{ var: "team", values: ["payments", "search", "web"] }],
          file: "ci/pipelines/app.yml",
          vars: { team: v(".:team"), release: v(".:release") },
          instance_vars: { env: "production" },
        }),
      ],
    }),
  ],
});
