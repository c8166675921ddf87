package hub.citybrain.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium (Debian's {@code chromium} and {@code chromium-driver}, headless), for the console's pages: a
 * person's path through the gateway and Keycloak's real login page. Screenshots go to {@code target/console-screens}.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENS = Path.of("target", "console-screens");
    static final Duration WAIT = Duration.ofSeconds(30);

    final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser open(String language) throws IOException {
        Path profile = Files.createTempDirectory("citybrain-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Optional.ofNullable(System.getenv("CITYBRAIN_CHROMIUM")).orElse("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--lang=" + language, "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(Optional.ofNullable(System.getenv("CITYBRAIN_CHROMEDRIVER"))
                        .orElse("/usr/bin/chromedriver")).toFile())
                .build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /** Opens a console page; without a session the console sends the browser to Keycloak's login page. */
    void go(String consolePath) {
        driver.get(EmbeddedStack.gateway() + "/console" + consolePath);
    }

    /** Signs in on Keycloak's own login form and waits until the console's page is back. */
    void signIn(String username, String password) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(EmbeddedStack.gateway() + "/console"));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENS);
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENS.resolve(name + ".png"), png);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
