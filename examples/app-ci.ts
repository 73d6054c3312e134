// A typical application pipeline: parallel gets, a test matrix with `across`, hooks for notifications,
// retries and timeouts, a publish job gated on the tests, and UI groups.
import { doSteps, get, git, group, inParallel, job, pipeline, put, registryImage, resource, resourceType, s3, task, time, tryStep, v } from "pipegen";

const repo = git("repo", { uri: "https://github.com/acme/app.git", branch: "main", private_key: v("repo-deploy-key") }, { icon: "github" });
const nightly = time("nightly", { start: "1:00 AM", stop: "2:00 AM", location: "Europe/Paris" });
const golang = registryImage("golang", { repository: "golang", tag: "1.22" });
const artifacts = s3("artifacts", {
  bucket: v("artifacts-bucket"),
  regexp: "app/app-(.*).tgz",
  endpoint: v("s3-endpoint"),
  access_key_id: v("s3-access-key-id"),
  secret_access_key: v("s3-secret-access-key"),
});

// A community resource type, declared once and used by the notification resource.
const slackType = resourceType("slack-notification", { type: "registry-image", source: { repository: "cfcommunity/slack-notification-resource" } });
const chat = resource("chat", { type: slackType, source: { url: v("slack-webhook-url") } });
const notify = (text: string) => put(chat, { params: { text } });

const unit = job("unit", {
  plan: [
    inParallel([get(repo, { trigger: true }), get(nightly, { trigger: true })]),
    task("test", {
      across: [{ var: "go", values: ["1.21", "1.22"], max_in_flight: "all" }],
      attempts: 2,
      timeout: "30m",
      config: {
        platform: "linux",
        image_resource: { type: "registry-image", source: { repository: "golang", tag: v(".:go") } },
        inputs: ["repo"],
        caches: [{ path: "go/pkg/mod" }],
        params: { CGO_ENABLED: 0, GOFLAGS: "-mod=readonly" },
        run: { path: "go", args: ["test", "./..."], dir: "repo" },
      },
    }),
  ],
  on_failure: notify("unit tests failed on $BUILD_PIPELINE_NAME/$BUILD_JOB_NAME"),
});

const publish = job("publish", {
  serial: true,
  build_log_retention: { builds: 50, minimum_succeeded_builds: 5 },
  plan: [
    inParallel([get(repo, { trigger: true, passed: [unit] }), get(golang)], { limit: 2, fail_fast: true }),
    task("build", {
      image: golang,
      config: {
        platform: "linux",
        inputs: ["repo"],
        outputs: ["out"],
        run: {
          path: "sh",
          args: ["-ec", 'cd repo\nversion=$(git describe --tags --always)\ngo build -o ../out/app .\ntar -czf "../out/app-${version#v}.tgz" -C ../out app\n'],
        },
      },
    }),
    put(artifacts, { params: { file: "out/app-*.tgz" } }),
  ],
  on_success: doSteps([notify("published a new build"), tryStep(task("cleanup", { file: "repo/ci/cleanup.yml" }))]),
  ensure: task("report", { file: "repo/ci/report.yml", input_mapping: { source: "repo" } }),
});

export default pipeline({
  jobs: [unit, publish],
  groups: [group("test", [unit]), group("release", { jobs: [publish], resources: [artifacts] })],
});
