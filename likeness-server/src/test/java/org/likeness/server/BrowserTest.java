package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.camera.LfwVideo;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.LogOnlyActuator;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The kiosk and admin pages in headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}), with a fake camera: a photo uploaded on the kiosk page shows the right name, and
 * a person enrolled on the admin page is listed with their face thumbnails, and the door camera is shown
 * live with its visits. Screenshots land in
 * {@code target/screenshots/}.
 */
@Tag("model")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;
  @TempDir static Path profile;
  static TestServer door;
  static WebDriver browser;

  @BeforeAll
  static void startServerAndBrowser() throws IOException {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
    Files.createDirectories(SHOTS);
    door = TestServer.withModels(dir);
    TestServer.Response r = door.post("/api/v1/people/Serena%20Williams/faces", TestServer.ADMIN, new MultipartBody()
        .file("image", "1.jpg", "image/jpeg", DoorEndToEndTest.photo("Serena_Williams", 1))
        .file("image", "2.jpg", "image/jpeg", DoorEndToEndTest.photo("Serena_Williams", 2)));
    assertEquals(200, r.status(), r::toString);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,900",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (door != null) {
      door.close();
    }
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  static void enterKey(String key) {
    WebElement input = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
    input.sendKeys(key);
    browser.findElement(By.cssSelector("#key-form button[type=submit]")).click();
  }

  /** Selenium types file paths into a file input; ours is hidden behind a styled label. */
  static void chooseFiles(String inputId, List<Path> files) {
    WebElement input = browser.findElement(By.id(inputId));
    ((JavascriptExecutor) browser).executeScript("arguments[0].style.display = 'block';", input);
    input.sendKeys(String.join("\n", files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList()));
    ((JavascriptExecutor) browser).executeScript("arguments[0].style.display = '';", input);
  }

  static Path lfw(String folder, int n) {
    return DoorEndToEndTest.LFW.resolve(folder).resolve(String.format("%s_%04d.jpg", folder, n));
  }

  static void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  @Order(1)
  void kioskShowsTheNameOfAnUploadedPhotoInGreen() throws IOException {
    browser.manage().window().setSize(new Dimension(1400, 900));
    browser.get(door.server.uri().toString());
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
    screenshot("kiosk-key.png");
    enterKey(TestServer.KIOSK);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("door")));
    chooseFiles("upload", List.of(lfw("Serena_Williams", 3)));
    waiting().until(ExpectedConditions.textToBe(By.id("who"), "Serena Williams"));
    assertEquals("granted", browser.findElement(By.id("decision")).getAttribute("data-state"));
    assertEquals("Welcome", browser.findElement(By.id("verdict")).getText());
    screenshot("kiosk-identified.png");

    chooseFiles("upload", List.of(lfw("Aaron_Peirsol", 1)));
    waiting().until(ExpectedConditions.textToBe(By.id("verdict"), "Not recognised"));
    assertEquals("denied", browser.findElement(By.id("decision")).getAttribute("data-state"));
    screenshot("kiosk-unknown.png");
  }

  @Test
  @Order(2)
  void adminEnrollsAPersonFromSeveralPhotosAndListsThemWithThumbnails() throws IOException {
    browser.manage().window().setSize(new Dimension(1400, 1500));
    browser.get(door.server.uri().resolve("admin").toString());
    enterKey(TestServer.ADMIN);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("enroll-name"))).sendKeys("Laura Bush");
    chooseFiles("enroll-photos", List.of(lfw("Laura_Bush", 1), lfw("Laura_Bush", 2), lfw("Laura_Bush", 3)));
    browser.findElement(By.id("enroll-submit")).click();
    By laura = By.cssSelector(".person[data-name='Laura Bush']");
    waiting().until(ExpectedConditions.presenceOfElementLocated(laura));
    waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".person[data-name='Laura Bush'] .face img"), 3));
    waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".person[data-name='Serena Williams'] .face img"), 2));
    assertTrue(browser.findElement(By.id("enroll-results")).getText().contains("3 of 3 photos enrolled"),
        browser.findElement(By.id("enroll-results")).getText());
    assertEquals("2 people, 5 faces", browser.findElement(By.id("summary")).getText());
    // The kiosk's decisions from the test before are in the log.
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "Serena Williams"));
    screenshot("admin.png");
  }

  @Test
  @Order(3)
  void kioskTellsThePersonWhatToDoWhenTheAnswerCarriesAQualityIssue() throws IOException {
    browser.manage().window().setSize(new Dimension(1400, 900));
    browser.get(door.server.uri().toString());
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("door")));
    // The identify answer with the "quality" field the door adds for a face too poor to judge; it is
    // added here in the browser so this page test does not depend on which photo trips the floor.
    ((JavascriptExecutor) browser).executeScript("""
        const real = window.fetch;
        window.fetch = async (url, init) => {
          const res = await real(url, init);
          if (!String(url).includes('/api/v1/identify')) return res;
          const body = await res.json();
          body.quality = { issue: 'FACE_TOO_SMALL', message: 'face too small (24 px, need 30)', advice: 'come closer' };
          return new Response(JSON.stringify(body), { status: res.status, headers: { 'Content-Type': 'application/json' } });
        };""");
    chooseFiles("upload", List.of(lfw("Aaron_Peirsol", 1)));
    waiting().until(ExpectedConditions.textToBe(By.id("verdict"), "Come closer"));
    assertEquals("advice", browser.findElement(By.id("decision")).getAttribute("data-state"));
    assertEquals("face too small (24 px, need 30)", browser.findElement(By.id("detail")).getText());
    screenshot("kiosk-advice.png");
  }

  @Test
  @Order(4)
  void kioskAsksForAHeadTurnAndRefusesAPhotoHeldInsteadOfOne(@TempDir Path secureDir) throws IOException {
    // The door as `likeness serve` runs it: the head-turn challenge required of the kiosk.
    try (TestServer secure = TestServer.withModels(secureDir, DoorLiveness.defaults())) {
      TestServer.Response r = secure.post("/api/v1/people/Serena%20Williams/faces", TestServer.ADMIN,
          new MultipartBody().file("image", "1.jpg", "image/jpeg", DoorEndToEndTest.photo("Serena_Williams", 1)));
      assertEquals(200, r.status(), r::toString);
      browser.manage().window().setSize(new Dimension(1400, 900));
      browser.get(secure.server.uri().toString());
      enterKey(TestServer.KIOSK);
      waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("door")));
      // One attempt at a time: the fake camera's picture always changes, so "check every second"
      // would start a new burst as soon as one is answered.
      browser.findElement(By.id("auto")).click();
      browser.findElement(By.id("check")).click();
      // The kiosk shows the direction the door chose, then sends its burst (the fake camera has no face).
      waiting().until(ExpectedConditions.textMatches(By.id("challenge"),
          java.util.regex.Pattern.compile("Turn your head to your (left|right)")));
      screenshot("kiosk-challenge.png");
      waiting().until(ExpectedConditions.textToBe(By.id("verdict"), "No face"));

      // A photo of an enrolled person, sent instead of a live burst, is refused as a spoof.
      chooseFiles("upload", List.of(lfw("Serena_Williams", 3)));
      waiting().until(ExpectedConditions.textToBe(By.id("verdict"), "Not accepted"));
      assertEquals("Please step in front of the camera yourself", browser.findElement(By.id("who")).getText());
      assertEquals("denied", browser.findElement(By.id("decision")).getAttribute("data-state"));
      screenshot("kiosk-spoof.png");
      JsonNode last = secure.get("/api/v1/audit", TestServer.ADMIN).json().path("entries").get(0);
      assertEquals("spoof", last.path("outcome").asText(), last::toString);
      assertEquals("challenge_required", last.path("reason").asText(), last::toString);
    }
  }

  @Test
  @Order(5)
  void adminMovesTheDoorToAnotherModelWithOneButtonAndWatchesItSwitch() throws IOException {
    browser.manage().window().setSize(new Dimension(1400, 1700));
    browser.get(door.server.uri().resolve("admin").toString()); // the tab still holds the admin key
    waiting().until(ExpectedConditions.textToBe(By.id("model-name"), "mobilefacenet-192"));
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("migrate-model"))).selectByVisibleText("dlib-resnet-128");
    browser.findElement(By.id("migrate-submit")).click();
    waiting().until(ExpectedConditions.attributeToBe(By.id("migrate-status"), "data-state", "switched"));
    waiting().until(ExpectedConditions.textToBe(By.id("model-name"), "dlib-resnet-128"));
    assertTrue(browser.findElement(By.id("migrate-status")).getText()
        .startsWith("Switched from mobilefacenet-192 to dlib-resnet-128"), browser.findElement(By.id("migrate-status")).getText());
    // Everyone enrolled on the admin page before is still listed, thumbnails included.
    waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".person[data-name='Laura Bush'] .face img"), 3));
    screenshot("admin-migrated.png");
    assertEquals("dlib-resnet-128", door.server.model().name());
  }

  @Test
  @Order(6)
  void adminShowsTheDoorCameraLiveWithNamesAndTheDaysVisits(@TempDir Path cameraDir) throws IOException {
    LfwVideo video = new LfwVideo(LfwVideo.standardScript(LfwVideo.lfwRoot()));
    Path avi = video.write(cameraDir.resolve("door.avi"));
    List<String> enrolled = video.script().visits().subList(0, video.script().visits().size() - 1).stream()
        .map(LfwVideo.Visit::person).toList();
    Path data = cameraDir.resolve("door");
    DoorLiveness liveness = new DoorLiveness(DoorLiveness.Challenge.OFF, DoorLiveness.Passive.OFF, Optional.empty());
    DoorCameraTest.enrollVisitorsButTheLast(data, video, liveness);
    DoorLock lock = new DoorLock(List.of(new LogOnlyActuator()),
        new LockPolicy(Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(1)), Clock.systemUTC());
    ServerConfig config = ServerConfig.defaults(data).withAddress("127.0.0.1", 0).withWorkers(1).withLiveness(liveness)
        .withCamera(Optional.of(new DoorCameraConfig(CameraSource.parse(avi.toString()),
            FeedOptions.DEFAULTS.withRealTime(false).withLoop(true), "front")));
    try (TestServer camera = TestServer.of(LikenessServer.start(config, ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK),
        Optional.of(lock)), data)) {
      browser.manage().window().setSize(new Dimension(1400, 1200));
      browser.get(camera.server.uri().resolve("admin").toString());
      enterKey(TestServer.ADMIN); // another origin (port) than the door above: the tab has no key for it
      waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("camera-panel")));
      // The live picture fills in, and a box is labelled with an enrolled person's name once their visit opened.
      waiting().until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("live")), "data-frame"));
      WebDriverWait patiently = new WebDriverWait(browser, Duration.ofSeconds(120));
      patiently.until(d -> enrolled.stream().anyMatch(p -> String.valueOf(
          d.findElement(By.id("live")).getAttribute("data-names")).contains(p)));
      // The day's visits list the opening as it happens, without a reload.
      patiently.until(ExpectedConditions.textToBePresentInElementLocated(By.id("visits"), enrolled.get(0)));
      assertTrue(browser.findElement(By.id("visits")).getText().contains("opened"),
          browser.findElement(By.id("visits")).getText());
      screenshot("admin-camera.png");
    }
  }
}
