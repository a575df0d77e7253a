#include "helper_thread.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace gan {

namespace {

class HelperThread {
public:
    HelperThread()
        : m_thread([this] { loop(); })
    {
    }
    ~HelperThread()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

    void run(const std::function<void(int)>& work)
    {
        std::lock_guard serial(m_callers); // engines on several threads take turns
        {
            std::lock_guard lock(m_mutex);
            m_work = &work;
            m_done = false;
        }
        m_wake.notify_all();
        work(0);
        std::unique_lock lock(m_mutex);
        m_finished.wait(lock, [this] { return m_done; });
        m_work = nullptr;
    }

private:
    void loop()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return m_stop || (m_work && !m_done); });
            if (m_stop)
                return;
            const auto* work = m_work;
            lock.unlock();
            (*work)(1);
            lock.lock();
            m_done = true;
            m_finished.notify_all();
        }
    }

    std::mutex m_callers;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_finished;
    const std::function<void(int)>* m_work = nullptr;
    bool m_done = true;
    bool m_stop = false;
    std::thread m_thread; // last: started once the members above exist
};

} // namespace

void runOnTwoThreads(const std::function<void(int part)>& work)
{
    if (std::thread::hardware_concurrency() < 2) {
        work(0);
        work(1);
        return;
    }
    static HelperThread helper;
    helper.run(work);
}

} // namespace gan
