# Debian's xapian-config.cmake only sets XAPIAN_* variables. Wrap them once in an
# imported target so every consumer links Xapian::Xapian the modern way. The build uses
# dateline_find_xapian(); the installed DatelineConfig.cmake includes this file too and
# calls find_dependency() itself (so a missing Xapian makes find_package(Dateline) fail
# politely instead of stopping the consumer's configure), then dateline_xapian_target().

# Creates Xapian::Xapian from the variables xapian-config.cmake sets.
macro(dateline_xapian_target)
    if(NOT TARGET Xapian::Xapian)
        add_library(Xapian::Xapian UNKNOWN IMPORTED)
        if(XAPIAN_SHARED)
            set_target_properties(Xapian::Xapian PROPERTIES
                IMPORTED_LOCATION "${XAPIAN_SHARED_LIBRARY}")
        else()
            # XAPIAN_LIBRARIES is "libxapian.a;uuid;z" here: a location plus link items.
            set(_dateline_xapian_deps ${XAPIAN_STATIC_DEP_LIBS})
            list(REMOVE_ITEM _dateline_xapian_deps "")
            set_target_properties(Xapian::Xapian PROPERTIES
                IMPORTED_LOCATION "${XAPIAN_STATIC_LIBRARY}"
                INTERFACE_LINK_LIBRARIES "${_dateline_xapian_deps}")
            unset(_dateline_xapian_deps)
        endif()
        set_target_properties(Xapian::Xapian PROPERTIES
            INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")
    endif()
endmacro()

# For the build itself: Xapian is required.
macro(dateline_find_xapian)
    if(NOT TARGET Xapian::Xapian)
        find_package(Xapian 1.4 CONFIG REQUIRED NAMES xapian)
        dateline_xapian_target()
    endif()
endmacro()
